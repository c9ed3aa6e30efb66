//! Offer chains: steps bought or claimed in order.
