"""``manage.py disclosure_report [cycle ids]``: how many cells the anonymity rule withholds in closed cycles."""

from django.core.management.base import BaseCommand

from evaluations import disclosure
from evaluations.models import Cycle


class Command(BaseCommand):
    help = "Per closed or published cycle: cells with answers, published and withheld, per level (disclosure.py)."

    def add_arguments(self, parser):
        parser.add_argument("cycles", nargs="*", type=int)

    def handle(self, *args, cycles, **options):
        qs = Cycle.objects.filter(status__in=disclosure.RESULT_STATUSES).select_related("instrument").order_by("pk")
        if cycles:
            qs = qs.filter(pk__in=cycles)
        for cycle in qs:
            snap = disclosure.snapshot(cycle)
            self.stdout.write(f"{cycle.pk} {cycle.name} (k={cycle.anonymity_threshold}, "
                              f"{len(snap['subjects'])} subjects, {len(snap['heatmap'])} agencies)")
            for level, n in disclosure.suppression_counts(snap).items():
                share = f"{100 * n['withheld'] / n['with_answers']:.1f}%" if n["with_answers"] else "–"
                self.stdout.write(f"  {level:20} {n['with_answers']:7d} with answers, {n['published']:7d} published, "
                                  f"{n['withheld']:6d} withheld ({share})"
                                  + (f"; {n['published_without_some_answers']} published without a too-small "
                                     "group's answers" if "published_without_some_answers" in n else ""))
