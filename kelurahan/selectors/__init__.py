"""Reads for one audience each: public.py for residents, officer.py for kelurahan officers."""
