"""``python -m kfp_server_api.stub``: run the stub server (see :mod:`kfp_server_api.stub.cli`)."""
import sys

from .cli import main

sys.exit(main())
