"""The contracts' API: `contracts` (`/api/v1/contracts/`, routed by `contracts.api_urls`)
and `statistics` (`/api/v1/stats/…`, routed by the portal's API urls)."""
