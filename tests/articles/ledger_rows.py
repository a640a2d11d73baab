"""What the quote ledger keeps at write time, read back for comparison in tests."""

from articles.ledger_models import LedgerTally


def stored_tallies() -> list[tuple]:
    """Every non-empty tally, as comparable tuples in a stable order."""
    return sorted(
        LedgerTally.objects.filter(quotes__gt=0).values_list(
            "dimension",
            "label",
            "quotes",
            "pieces",
            "first_at",
            "last_at",
            "entity_id",
            "organisation_type",
        )
    )
