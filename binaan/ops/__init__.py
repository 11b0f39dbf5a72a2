"""Operations tooling, apart from the portal itself: backup and restore, the national-scale
benchmark, the load test and the page-weight budget, with their management commands."""
