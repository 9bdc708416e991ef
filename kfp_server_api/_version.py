"""Version numbers of the distribution and of the API contract it was generated from."""

#: Version of the ``kfp-server-api`` distribution.
__version__ = "1.9.0"

#: ``info.version`` of ``spec/kfp_api_v1beta1.swagger.json``: the KFP API server release
#: whose v1beta1 contract this package implements.
API_VERSION = "2.0.0-beta.0"
