"""Packaging for kfp-server-api (metadata lives here; see README.md for usage)."""
import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def _version():
    with open(os.path.join(HERE, "kfp_server_api", "_version.py"), encoding="utf-8") as f:
        return re.search(r'^__version__ = "([^"]+)"', f.read(), re.M).group(1)


def _readme():
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        return f.read()


setup(
    name="kfp-server-api",
    version=_version(),
    description="Python client SDK for the Kubeflow Pipelines v1beta1 REST API, with a bundled stub server",
    long_description=_readme(),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.9",
    packages=find_packages(include=["kfp_server_api", "kfp_server_api.*"]),
    package_data={"kfp_server_api": ["py.typed"]},
    include_package_data=True,
    install_requires=[
        "urllib3>=1.26.0,<3",
        "certifi",
    ],
    extras_require={
        "test": [
            "pytest>=7",
            "hypothesis>=6",
            "schemathesis>=4",
            "PyYAML>=5.4",
            "jsonschema>=4",
        ],
        "dev": ["ruff", "mypy", "tox"],
    },
    entry_points={
        "pytest11": ["kfp_server_api_stub = kfp_server_api.stub.pytest_plugin"],
        "console_scripts": ["kfp-stub-server = kfp_server_api.stub.cli:main"],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Framework :: Pytest",
        "Typing :: Typed",
    ],
)
