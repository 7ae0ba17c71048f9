"""The contact center: the agent's intake screen (find the caller, answer, log the contact
or file a request for them), a person's record with everything they did with the city,
and merging two records of one person."""
