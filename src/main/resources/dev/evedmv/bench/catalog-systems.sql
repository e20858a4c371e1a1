-- the solar systems the synthetic generator places killmails in (abyssal and other special ids excluded)
SELECT system_id, name, constellation_id, region_id, security
FROM sde_systems
WHERE system_id < 32000000
ORDER BY system_id
