from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contracts.importing import ImportRejected, import_absorbed, import_contracts


class Command(BaseCommand):
    help = (
        "导入门户上线前的历史技术合同登记记录（.xlsx 或 .csv）。全部行检查通过才导入；"
        "按登记编号去重，重复导入不会改变数据。Imports historical registrations."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=".xlsx 或 UTF-8 .csv 文件")
        parser.add_argument(
            "--absorbed",
            action="store_true",
            help="外地登记、买方在本市的合同（吸纳）：另加 registering_office 列；"
            "只计入吸纳统计，不计入本中心登记。",
        )

    def handle(self, *args, path, absorbed=False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}")

        def progress(stage: str, done: int, total: int) -> None:
            label = "检查" if stage == "check" else "导入"
            self.stdout.write(f"  {label} {done}/{total} 行", ending="\r" if done < total else "\n")
            self.stdout.flush()

        try:
            load = import_absorbed if absorbed else import_contracts
            result = load(file.read_bytes(), file.name, progress=progress)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(
                f"未导入任何数据：{exc.check.bad_rows} 行有误，共 {len(exc.errors)} 处错误。"
            ) from None
        self.stdout.write(self.style.SUCCESS(f"导入完成：{result}统计已重新计算。"))
