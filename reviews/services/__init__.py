"""Writes for scales and reviews, one module per area. Every rule a user can break raises
ValidationError (or a subclass) with a message meant for them; views turn it into a form error."""
