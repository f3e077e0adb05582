"""Tally's performance benchmark: synthetic knowledge, answer timings, the bare-SQL floor."""
