SELECT count(*) > 0 FROM pg_extension WHERE extname = 'pg_stat_statements'
