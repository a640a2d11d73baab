"""Sources that stay alive: snapshots of the pages a piece cites (``snapshots``), fetched
without reaching into the newsroom's own network (``fetching``), re-checked on a schedule
(``checking``) and served to readers sandboxed (``views``)."""
