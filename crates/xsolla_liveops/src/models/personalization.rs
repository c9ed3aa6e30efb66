//! Personalized catalog: rules on user attributes.
