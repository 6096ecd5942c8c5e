-- 005-search-prefix: search_index (004-search.sql) rebuilt with prefix
-- indexes for the beginnings of 2 to 6 letters (004 had 2 and 3).
--
-- Why: a query word is also looked for as the beginning of longer words
-- ("sjukepleiar" finds "sjukepleiarutdanning"). Without a prefix index of
-- its length FTS5 answers "kommun"* by reading and merging the postings of
-- every word it begins (kommune, kommunen, kommunane, ...: some 300 000
-- rows on a national database, 10-15 ms); with one it reads one list, in
-- rowid order, and stops where search.c stops (SEARCH_CAP). Beginnings of
-- 7 letters and more still merge, but they begin fewer and rarer words.
-- Cost, national database (1 M rows): the index's postings about 67 MB ->
-- 107 MB; see bench/README.md ("search").
--
-- FTS5 cannot change a table's options, so the table is made again under
-- the same name and filled from search_row as 004 filled it. The triggers
-- of 004 stay as they are: they name search_index, which is there again
-- when they next fire (within this transaction nothing writes the tables
-- they are on). Everything else in 004 (the views, the letters, the rowid
-- order) is unchanged.

DROP TABLE search_index;

CREATE VIRTUAL TABLE search_index USING fts5 (
	body, raw UNINDEXED, kind UNINDEXED, node_id UNINDEXED, plan_id UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3 4 5 6'
);

INSERT INTO search_index (rowid, body, raw, kind, node_id, plan_id)
	SELECT id, body, raw, kind, node_id, plan_id FROM search_row
	WHERE raw <> '' ORDER BY id;
