"""Pure decision logic: majorities, quorum, tallies, election methods, standing orders.

Nothing here imports Django or does I/O beyond parsing text handed to it; every function
can be tested with plain data in milliseconds. The rest of Collegium calls this package.
"""
