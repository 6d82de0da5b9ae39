"""policykg: Chinese government plan documents → a knowledge graph of who is responsible for what."""
__version__ = "0.1.0"
