"""A cheap Argon2 for tests: the same algorithm and hash format as production, with the
smallest work factors, because the suite creates many users and never measures hashing."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8
    parallelism = 1
