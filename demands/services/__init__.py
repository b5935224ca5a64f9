"""Every write of the demands app: `demands` (technology demands and responses),
`challenges` (揭榜挂帅 stages, questions, applications), `scoring` (experts and scores)
and `matching` (the stored suggestions)."""
