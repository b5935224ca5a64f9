"""Reviewer screens: screening demands (`demands`), running challenges (`challenges`,
with the proposal desk in `propose`). Importing the package registers them."""

from demands.admin import challenges, demands

__all__ = ["challenges", "demands"]
