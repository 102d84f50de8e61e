"""The decision register: every adopted resolution, election result, standing-orders
change and recall of a body, numbered per body and year, with its versions (amended or
rescinded, never erased), tally, rule and dissenting opinions; and what a body publishes
of it to its members and the public."""
