"""Accounts: the login lockout page, staff two-factor enrolment and code check, idle timeout.

django-axes counts failed logins and django-otp holds the staff's TOTP devices; this package
adds only our pages and the rules around them (see README, "Staff two-factor").
"""
