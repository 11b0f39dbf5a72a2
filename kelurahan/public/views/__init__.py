"""Public pages at /, split by what they show; kelurahan/public/urls.py maps them to URLs."""
