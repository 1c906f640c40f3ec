"""The products: each composes the content model into page plans."""
