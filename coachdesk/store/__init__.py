"""The encrypted SQLCipher vault: open/lock/rekey, migrations, repositories, search, audit."""
