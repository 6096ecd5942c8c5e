#!/usr/bin/python3
"""Reads a calendar or a feed back with real readers (tests/http/test_feeds.c).

    check_feeds.py ics FILE EVENTS SUMMARY   # python3-icalendar
    check_feeds.py atom FILE ENTRIES TITLE   # xml.etree and python3-feedparser

ics: FILE parses with icalendar, has EVENTS VEVENTs, each with UID, DTSTAMP,
an all-day DTSTART before its DTEND, and one of them has SUMMARY exactly.
atom: FILE is well-formed XML in the Atom namespace with the elements
RFC 4287 requires (feed and entry id, title, updated, an author; absolute
ids), has ENTRIES entries, newest first, one whose title has TITLE; feedparser reads
it without complaint (bozo 0). Prints "ok" or what is wrong, exit 0 or 1.
"""
import sys


def fail(msg):
    print(msg)
    sys.exit(1)


def check_ics(path, events, summary):
    import datetime
    import icalendar
    with open(path, 'rb') as f:
        cal = icalendar.Calendar.from_ical(f.read())
    if cal.name != 'VCALENDAR' or str(cal.get('VERSION')) != '2.0' or not cal.get('PRODID'):
        fail('no VCALENDAR with VERSION 2.0 and PRODID')
    found = list(cal.walk('VEVENT'))
    if len(found) != events:
        fail(f'{len(found)} events, expected {events}')
    uids = set()
    for ev in found:
        for prop in ('UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY'):
            if ev.get(prop) is None:
                fail(f'an event without {prop}')
        uids.add(str(ev['UID']))
        start, end = ev['DTSTART'].dt, ev['DTEND'].dt
        if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
            fail(f'{ev["UID"]}: DTSTART is not a date')
        if not start < end:
            fail(f'{ev["UID"]}: {start} is not before {end}')
    if len(uids) != len(found):
        fail('UIDs repeat')
    if summary not in [str(ev['SUMMARY']) for ev in found]:
        fail(f'no event is called {summary!r}')


def check_atom(path, entries, title):
    import xml.etree.ElementTree as ET
    import feedparser
    ns = {'a': 'http://www.w3.org/2005/Atom'}
    root = ET.parse(path).getroot()
    if root.tag != '{http://www.w3.org/2005/Atom}feed':
        fail(f'the root is {root.tag}')

    def one(el, name, where):
        found = el.findall(f'a:{name}', ns)
        if len(found) != 1 or not (found[0].text or '').strip():
            fail(f'{where}: {len(found)} <{name}>')
        return found[0].text

    one(root, 'id', 'feed')
    one(root, 'title', 'feed')
    one(root, 'updated', 'feed')
    feed_author = root.find('a:author/a:name', ns) is not None
    items = root.findall('a:entry', ns)
    if len(items) != entries:
        fail(f'{len(items)} entries, expected {entries}')
    titles, stamps, ids = [], [], []
    for i, e in enumerate(items):
        ident = one(e, 'id', f'entry {i}')
        if ':' not in ident or ident.startswith('/'):
            fail(f'entry {i}: id {ident} is not an absolute IRI')
        ids.append(ident)
        titles.append(one(e, 'title', f'entry {i}'))
        stamps.append(one(e, 'updated', f'entry {i}'))
        if not feed_author and e.find('a:author/a:name', ns) is None:
            fail(f'entry {i} has no author')
    if len(set(ids)) != len(ids):
        fail('entry ids repeat')
    if stamps != sorted(stamps, reverse=True):
        fail('entries are not newest first')
    if not any(title in t for t in titles):
        fail(f'no entry title has {title!r}: {titles[:5]}')
    with open(path, 'rb') as f:
        parsed = feedparser.parse(f.read())
    if parsed.bozo:
        fail(f'feedparser: {parsed.bozo_exception}')
    if parsed.version != 'atom10' or len(parsed.entries) != entries:
        fail(f'feedparser read {parsed.version} with {len(parsed.entries)} entries')
    if not any(title in e.title for e in parsed.entries):
        fail('feedparser lost the title')


def main():
    if len(sys.argv) != 5:
        fail(__doc__)
    kind, path, n, text = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    if kind == 'ics':
        check_ics(path, n, text)
    elif kind == 'atom':
        check_atom(path, n, text)
    else:
        fail(f'unknown kind {kind}')
    print('ok')


if __name__ == '__main__':
    main()
