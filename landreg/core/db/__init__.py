"""The database behind the ORM: statements kept and planned once, bulk writes, lists of ids sent as one
parameter, whole numbers checked before a query, capped counts, the planner's statistics on SQLite, the read
replica's router and SpatiaLite's spatial indexes after a table is remade."""
