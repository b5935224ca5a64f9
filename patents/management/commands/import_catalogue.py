from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from common.importing import ImportRejected
from patents.services import catalogue_import, catalogue_publish

STAGES = {"check": "检查", "patents": "专利", "entries": "目录条目"}


class Command(BaseCommand):
    help = (
        "从 .xlsx 或 .csv 导入某年度的高价值发明专利目录（先检查全部行，任何一行有误则不导入）。"
        " Imports a year's high-value patent catalogue, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=".xlsx or .csv (UTF-8) with the columns of SPEC.md")
        parser.add_argument("--year", type=int, required=True, help="catalogue year, e.g. 2025")
        parser.add_argument("--title", default="", help="catalogue title (default: the city's)")
        parser.add_argument(
            "--note",
            default="",
            help="修订说明：导入到已发布的年度（修订）时必填 / "
            "the correction note, required to change a published year",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="导入后发布该年度 / publish the year after the import",
        )

    def handle(self, *args, path, year, title, note, publish, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}")

        def progress(stage: str, done: int, total: int) -> None:
            self.stderr.write(f"  {STAGES.get(stage, stage)} {done}/{total}")

        try:
            outcome = catalogue_import(
                year=year,
                data=source.read_bytes(),
                filename=source.name,
                by=None,
                title=title,
                note=note,
                progress=progress,
            )
            if publish and not outcome.catalogue.is_published:
                catalogue_publish(catalogue=outcome.catalogue, by=None)
        except ImportRejected as exc:
            for message in exc.check.errors:
                self.stderr.write(message)
            raise CommandError(
                f"未导入任何数据：{exc.check.bad_rows} 行有误，共 {len(exc.check.errors)} 处错误。"
                " Nothing was imported."
            ) from None
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{outcome.catalogue.year} 年目录：{outcome.rows} 行；条目新增 {outcome.created}，"
                f"更新 {outcome.updated}，未变 {outcome.unchanged}，移除 {outcome.removed}；"
                f"专利新增 {outcome.patents_created}，更新 {outcome.patents_updated}。"
                + ("（已发布）" if outcome.catalogue.is_published else "（草稿，尚未发布）")
            )
        )
