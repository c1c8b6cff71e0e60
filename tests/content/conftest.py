import pytest

from tests.support.demo import load_demo, rolled_back


@pytest.fixture(scope="package")
def demo_content(django_db_setup, django_db_blocker):
    """The demo site, loaded once for the package (see tests/support/demo.py)."""
    with rolled_back(django_db_blocker):
        load_demo()
        yield
