"""The printed procès-verbal of an outcome (A4, French), laid out like the procedure's other papers."""
