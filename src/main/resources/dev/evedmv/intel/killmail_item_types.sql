-- The name and price of each type a killmail's fit names (the victim's ship and every item, containers' contents
-- too), prices as ingest values killmails without zKillboard's value (ingest.load_prices: average, else adjusted).
-- Each type is looked up by key: a join is planned for the rows an unnested array is guessed to hold and hashes
-- every price instead of the few dozen types a killmail names.
SELECT t.type_id,
       (SELECT type.name FROM sde_types type WHERE type.type_id = t.type_id) AS name,
       (SELECT coalesce(price.average_price, price.adjusted_price) FROM prices price WHERE price.type_id = t.type_id)
           AS price
FROM unnest(CAST(:type_ids AS integer[])) AS t(type_id)
