"""Create or drop a scratch PostgreSQL database (and pytest-django's test_ twin) for CI."""

import sys

import psycopg

SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def main(action, name):
    with psycopg.connect(SERVER, autocommit=True) as connection:
        for database in (name, f"test_{name}"):
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main(*sys.argv[1:3])
