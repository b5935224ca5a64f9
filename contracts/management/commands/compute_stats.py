from django.core.management.base import BaseCommand, CommandError

from contracts.services import compute_stats


class Command(BaseCommand):
    help = (
        "重新计算月度技术合同统计（不带参数时计算全部月份）。Recomputes the stored monthly totals."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="只计算这一年")
        parser.add_argument("--month", type=int, help="只计算这一月（需同时给出 --year）")

    def handle(self, *args, year=None, month=None, **options):
        if month is not None and year is None:
            raise CommandError("--month 需要同时给出 --year。")
        if month is not None and not 1 <= month <= 12:
            raise CommandError("--month 应在 1 到 12 之间。")
        if year is not None and not 1980 <= year <= 2999:
            raise CommandError("--year 不是有效的年份。")
        result = compute_stats(year, month)
        self.stdout.write(self.style.SUCCESS(f"统计已更新：{result}"))
