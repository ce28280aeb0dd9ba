"""What an outcome does: its change applied to the register, the court's homologation or refusal of an
agreement, and the parties' joint withdrawal of one."""
