#!/usr/bin/python3
"""Documents for the import tests (tests/cli/test_doc_import.c).

  make_documents.py html PLAN.txt OUT.html   a plan text as the HTML of a
      Word document (headings, tables with a paragraph per cell paragraph),
      for LibreOffice to turn into DOCX and ODT
  make_documents.py handmade OUT.docx        a Word document as Word writes
      one: Norwegian style names, numbered headings, merged cells, a tracked
      change, a text box (with the fallback copy Word adds), a table of
      contents, a line break inside a cell
  make_documents.py handmade-odt OUT.odt     the same kinds of things the way
      LibreOffice writes them
  make_documents.py council-sheet OUT.xlsx   a council's own list of
      measures: its own column names, areas in a column, focus cells merged
      down, a column samspel does not know, a totals row
  make_documents.py hostile KIND OUT [IN]    broken and hostile files: bomb,
      traversal, entities, big, ods-rows (300 sheets of rows repeated),
      odt-styles (20 000 styles, 100 000 paragraphs), other (a zip of a text
      file), cut (IN cut in half)
"""
import html
import sys
import zipfile

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'


def plan_html(src, out):
    lines = open(src, encoding='utf-8').read().split('\n')
    parts = ['<html><head><meta charset="utf-8"></head><body>']
    in_table = False
    for line in lines:
        if '\t' in line:
            if not in_table:
                parts.append('<table border="1">')
                in_table = True
            row = '<tr>'
            for cell in line.split('\t'):
                cell = cell.replace('<b>', '\x01').replace('</b>', '\x02')
                paras = [p.strip() for p in cell.split('  ') if p.strip()]
                row += '<td>%s</td>' % ''.join(
                    '<p>%s</p>' % html.escape(p).replace('\x01', '<b>').replace('\x02', '</b>')
                    for p in paras)
            parts.append(row + '</tr>')
            continue
        if in_table:
            parts.append('</table>')
            in_table = False
        s = line.strip()
        if not s:
            continue
        if s.startswith('#'):
            n = len(s) - len(s.lstrip('#'))
            t = s.lstrip('#').strip().replace('**', '')
            parts.append('<h%d>%s</h%d>' % (n, html.escape(t), n))
        else:
            parts.append('<p>%s</p>' % html.escape(s))
    if in_table:
        parts.append('</table>')
    parts.append('</body></html>')
    open(out, 'w', encoding='utf-8').write('\n'.join(parts))


CONTENT_TYPES = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>'''

RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>'''

STYLES = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="%s">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Tittel"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Overskrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Overskrift2"><w:name w:val="Overskrift 2"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Minoverskrift"><w:name w:val="Mi overskrift"/><w:basedOn w:val="Overskrift2"/></w:style>
<w:style w:type="paragraph" w:styleId="INNH1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="character" w:styleId="Sterk"><w:name w:val="Strong"/></w:style>
</w:styles>''' % W


def para(text, style=None, extra=''):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ''
    return '<w:p>%s<w:r><w:t xml:space="preserve">%s</w:t></w:r>%s</w:p>' % (
        ppr, html.escape(text), extra)


def cell(content, merge=None, span=None):
    pr = ''
    if span:
        pr += '<w:gridSpan w:val="%d"/>' % span
    if merge == 'restart':
        pr += '<w:vMerge w:val="restart"/>'
    elif merge == 'continue':
        pr += '<w:vMerge/>'
    body = content if content.startswith('<w:p') else para(content) if content else '<w:p/>'
    return '<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>' % (pr, body)


def row(*cells):
    return '<w:tr>%s</w:tr>' % ''.join(cells)


HEADER = row(*[cell(t) for t in ('Satsingsområde', 'Strategi', 'Tiltak', 'Dato/tid',
                                 'Ansvar og deltaking', 'Budsjett 2024')])

TEXT_BOX = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
            '<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>'
            '<w:p><w:r><w:t>Tekstboks: alle kommunane skal vere med.</w:t></w:r></w:p>'
            '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>'
            '<w:p><w:r><w:t>Tekstboks: alle kommunane skal vere med.</w:t></w:r></w:p>'
            '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def handmade_docx(out):
    tracked = ('<w:p><w:r><w:t xml:space="preserve">Tiltak </w:t></w:r>'
               '<w:ins w:id="1" w:author="Kari"><w:r><w:t>to</w:t></w:r></w:ins>'
               '<w:del w:id="2" w:author="Kari"><w:r><w:delText>gamle</w:delText></w:r></w:del>'
               '<w:r><w:br/><w:t>med ei ny line</w:t></w:r></w:p>')
    body = ''.join([
        para('Innhald', 'INNH1'),
        '<w:p><w:pPr><w:pStyle w:val="INNH1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText>TOC \\o "1-3"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>Attraktiv region 2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        para('Handlingsplan for Testregionen 2024', 'Tittel'),
        para('Vedteken i Testregionrådet 12.3.2024'),
        para('Attraktiv region', 'Overskrift1'),
        para('Delmål', 'Minoverskrift'),
        '<w:p><w:r><w:t>Fleire skal busetje seg i regionen.</w:t></w:r>%s</w:p>' % TEXT_BOX,
        '<w:tbl><w:tblGrid/>',
        HEADER,
        row(cell('Profilering', 'restart'), cell('Strategi A', 'restart'), cell('Tiltak ein'),
            cell('2024'), cell('Ansvar: Testregionrådet'), cell('50 000')),
        row(cell('', 'continue'), cell('', 'continue'), cell(tracked), cell('Jan-feb 2024'),
            cell('Ansvar: Testregionrådet Deltaking: Kommunane'), cell('25 000')),
        row(cell('', 'continue'), cell('Strategi B', 'restart'), cell('Tiltak tre'), cell('2024'),
            cell('Ansvar: Testregionrådet'), cell('-')),
        row(cell('Næring'), cell('Strategi C'), cell('Tiltak fire over to kolonnar', span=2),
            cell('Ansvar: Testregionrådet'), cell('100 000')),
        '</w:tbl>',
        para('Kompetanse', 'Overskrift1'),
        '<w:tbl>',
        HEADER,
        row(cell('Skule'), cell('Strategi D'), cell('Tiltak fem'), cell('2024'),
            cell('Ansvar: Testregionrådet'), cell('10 000')),
        '</w:tbl>',
    ])
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="%s" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml">'
           '<w:body>%s<w:sectPr/></w:body></w:document>') % (W, body)
    write_docx(out, doc)


def write_docx(out, document, extra=None, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(out, 'w', compression) as z:
        z.writestr('[Content_Types].xml', CONTENT_TYPES)
        z.writestr('_rels/.rels', RELS)
        z.writestr('word/styles.xml', STYLES)
        z.writestr('word/document.xml', document)
        for name, data in (extra or []):
            z.writestr(name, data)


ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')


def odt_cell(text, rows=None, cols=None):
    attrs = ''
    if rows:
        attrs += ' table:number-rows-spanned="%d"' % rows
    if cols:
        attrs += ' table:number-columns-spanned="%d"' % cols
    return '<table:table-cell%s><text:p>%s</text:p></table:table-cell>' % (attrs, html.escape(text))


COVERED = '<table:covered-table-cell/>'


def handmade_odt(out):
    header = '<table:table-header-rows><table:table-row>%s</table:table-row></table:table-header-rows>' % ''.join(
        odt_cell(t) for t in ('Satsingsområde', 'Strategi', 'Tiltak', 'Dato/tid',
                              'Ansvar og deltaking', 'Budsjett 2024'))
    tracked = ('<table:table-cell><text:p>Tiltak <text:change-start text:change-id="c1"/>to'
               '<text:change-end text:change-id="c1"/><text:change text:change-id="c2"/>'
               '<text:line-break/>med ei ny line</text:p></table:table-cell>')
    body = ''.join([
        '<text:tracked-changes><text:changed-region text:id="c2"><text:deletion>'
        '<text:p>gamle</text:p></text:deletion></text:changed-region></text:tracked-changes>',
        '<text:table-of-content><text:index-body><text:p>Attraktiv region 2</text:p>'
        '</text:index-body></text:table-of-content>',
        '<text:p text:style-name="Title">Handlingsplan for Testregionen 2024</text:p>',
        '<text:p>Vedteken i Testregionrådet 12.3.2024</text:p>',
        '<text:h text:outline-level="1"><text:number>1.</text:number>Attraktiv region</text:h>',
        '<text:h text:outline-level="2">Delmål</text:h>',
        '<text:p>Fleire skal busetje seg i regionen.<draw:frame><draw:text-box>'
        '<text:p>Tekstboks: alle kommunane skal vere med.</text:p></draw:text-box></draw:frame></text:p>',
        '<table:table><table:table-column table:number-columns-repeated="6"/>', header,
        '<table:table-row>%s</table:table-row>' % (
            odt_cell('Profilering', rows=3) + odt_cell('Strategi A', rows=2) + odt_cell('Tiltak ein') +
            odt_cell('2024') + odt_cell('Ansvar: Testregionrådet') + odt_cell('50 000')),
        '<table:table-row>%s</table:table-row>' % (
            COVERED + COVERED + tracked + odt_cell('Jan-feb 2024') +
            odt_cell('Ansvar: Testregionrådet Deltaking: Kommunane') + odt_cell('25 000')),
        '<table:table-row>%s</table:table-row>' % (
            COVERED + odt_cell('Strategi B') + odt_cell('Tiltak tre') + odt_cell('2024') +
            odt_cell('Ansvar: Testregionrådet') + odt_cell('-')),
        '<table:table-row>%s</table:table-row>' % (
            odt_cell('Næring') + odt_cell('Strategi C') + odt_cell('Tiltak fire over to kolonnar', cols=2) +
            COVERED + odt_cell('Ansvar: Testregionrådet') + odt_cell('100 000')),
        '<table:table-row table:number-rows-repeated="3">'
        '<table:table-cell table:number-columns-repeated="6"/></table:table-row>',
        '</table:table>',
        '<text:h text:outline-level="1"><text:number>2.</text:number>Kompetanse</text:h>',
        '<table:table>', header,
        '<table:table-row>%s</table:table-row>' % ''.join(
            odt_cell(t) for t in ('Skule', 'Strategi D', 'Tiltak fem', '2024',
                                  'Ansvar: Testregionrådet', '10 000')),
        '</table:table>',
    ])
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
               '<office:automatic-styles><style:style style:name="Title" style:family="paragraph" '
               'style:parent-style-name="Tittel_20_stil"/></office:automatic-styles>'
               '<office:body><office:text>%s</office:text></office:body></office:document-content>'
               % (ODT_NS, body))
    styles = ('<?xml version="1.0" encoding="UTF-8"?><office:document-styles %s><office:styles>'
              '<style:style style:name="Tittel_20_stil" style:display-name="Tittel stil" '
              'style:family="paragraph" style:default-outline-level="1"/>'
              '</office:styles></office:document-styles>' % ODT_NS)
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')
        z.writestr('content.xml', content)
        z.writestr('styles.xml', styles)
        z.writestr('META-INF/manifest.xml', '<manifest/>')


def council_sheet(out):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'Tiltak 2024'
    ws.append(['Tiltaksliste for Testregionen 2024'])
    ws.append([])
    ws.append(['Område', 'Satsingsområde', 'Tiltak', 'Tidsrom', 'Ansvar og deltaking',
               'Budsjett 2024', 'Merknad'])
    rows = [
        ('Attraktiv region', 'Profilering', 'Felles stand på karrieremesser', 'Jan-feb 2024',
         'Ansvar: Testregionrådet Deltaking: Kommunane', '50 000', 'Sjå sak 12/24'),
        ('Attraktiv region', None, 'Ny nettside for regionen\nmed engelsk versjon', '2024',
         'Ansvar: Testregionrådet', 'kr 25 000,-', None),
        ('Kompetanse', 'Skule', 'Felles plan for etter- og vidareutdanning', '2024-2025',
         'Ansvar: Testregionrådet', '0,1 mill', None),
    ]
    for r in rows:
        ws.append(list(r))
    ws.merge_cells('B4:B5')
    ws.append([None, None, 'Sum', None, None, '175 000', None])
    wb.properties.title = None
    wb.save(out)


def minimal_document(body):
    return ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="%s"><w:body>%s'
            '</w:body></w:document>') % (W, body)


def hostile(kind, out, src=None):
    plan = para('Handlingsplan 2024', 'Tittel') + para('Attraktiv region', 'Overskrift1')
    if kind == 'bomb':
        # 64 MB of one letter, a few hundred kilobytes packed.
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('[Content_Types].xml', CONTENT_TYPES)
            with z.open('word/document.xml', 'w', force_zip64=True) as f:
                f.write(('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="%s">'
                         '<w:body><w:p><w:r><w:t>' % W).encode())
                chunk = b'a' * (1 << 20)
                for _ in range(64):
                    f.write(chunk)
                f.write(b'</w:t></w:r></w:p></w:body></w:document>')
    elif kind == 'traversal':
        write_docx(out, minimal_document(plan), extra=[('../../tmp/samspel-evil.txt', 'x')])
    elif kind == 'entities':
        lol = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">' + ''.join(
            '<!ENTITY %s "%s">' % (chr(98 + i), ('&%s;' % chr(97 + i)) * 10) for i in range(9)) + ']>'
        doc = minimal_document(plan + '<w:p><w:r><w:t>&j;</w:t></w:r></w:p>')
        doc = doc.replace('?>', '?>' + lol, 1)
        write_docx(out, doc)
    elif kind == 'big':
        # 50 MB of real text, stored unpacked: a document too big to read.
        words = ('Tiltak for heile regionen. ' * 40)
        paras = ''.join(para(words) for _ in range(50 * 1024 * 1024 // (len(words) + 60)))
        write_docx(out, minimal_document(plan + paras), compression=zipfile.ZIP_STORED)
    elif kind == 'ods-rows':
        # 300 sheets of one row repeated 19 990 times: 6 million rows in 40 KB.
        table = ('<table:table table:name="T"><table:table-row table:number-rows-repeated="19990">'
                 '<table:table-cell><text:p>Tiltak</text:p></table:table-cell></table:table-row></table:table>')
        content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:body>'
                   '<office:spreadsheet>%s</office:spreadsheet></office:body></office:document-content>'
                   % (ODT_NS, table * 300))
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.spreadsheet')
            z.writestr('content.xml', content)
    elif kind == 'odt-styles':
        # 20 000 paragraph styles and 100 000 paragraphs naming one: every
        # paragraph's style looked up among all of them.
        styles = ''.join('<style:style style:name="s%d" style:family="paragraph"/>' % i
                         for i in range(20000))
        paras = '<text:p text:style-name="zz"/>' * 100000
        content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
                   '<office:automatic-styles>%s</office:automatic-styles><office:body><office:text>'
                   '<text:h text:outline-level="1">Plan 2024</text:h>%s</office:text></office:body>'
                   '</office:document-content>' % (ODT_NS, styles, paras))
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')
            z.writestr('content.xml', content)
    elif kind == 'other':
        with zipfile.ZipFile(out, 'w') as z:
            z.writestr('n.txt', 'hei')
    elif kind == 'cut':
        data = open(src, 'rb').read()
        open(out, 'wb').write(data[:len(data) // 2])
    else:
        sys.exit('unknown kind ' + kind)


def main():
    cmd = sys.argv[1]
    if cmd == 'html':
        plan_html(sys.argv[2], sys.argv[3])
    elif cmd == 'handmade':
        handmade_docx(sys.argv[2])
    elif cmd == 'handmade-odt':
        handmade_odt(sys.argv[2])
    elif cmd == 'council-sheet':
        council_sheet(sys.argv[2])
    elif cmd == 'hostile':
        hostile(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        sys.exit(__doc__)


main()
