"""Procedural rules of bodies (who may hold which seat, ...) as pure functions of plain data:
the caller loads the state, the rule decides or refuses with a RuleError naming the rule."""
