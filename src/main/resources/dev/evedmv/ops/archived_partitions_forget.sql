DELETE FROM archived_partitions WHERE partition_name = :partition
