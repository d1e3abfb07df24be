pytest_plugins = ["tests.fakebot_fixtures", "tests.engine_fixtures", "tests.bot_fixtures"]
