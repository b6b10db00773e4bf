"""tickets.written_lang: the language a person wrote in when we do not speak it (issue 16)

A ticket's `lang` is the language Rumbo answers in (Spanish or English). A person who writes in
Haitian Creole, French or Portuguese gets the which-languages reply and a person; the console
now shows that language on the ticket, so a caseworker who speaks it can take the case.

Revision ID: 0009_written_lang
Revises: 0008_inbound
Create Date: 2026-12-02 19:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_written_lang"
down_revision = "0008_inbound"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("written_lang", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("written_lang")
