"""Ingestion: decoding, normalization (with its offset map) and sentence splitting.

The snippets below are copied verbatim (escapes for the invisible characters) from the files of
``../shared/corpus`` and ``../shared/corpus_web``; whole-file checks read those folders.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.decode import DecodeError, decode_bytes, decode_file
from kg.ingest.loader import CorpusError, load_corpus, load_document
from kg.ingest.normalize import _fold, normalize
from kg.ingest.split import FIXED_WIDTH, MAX_SENTENCE, split_sentences
from kg.model import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
CORPUS_WEB = SHARED / "corpus_web"
CORPUS_FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
WEB_FILES = sorted(CORPUS_WEB.glob("*.txt")) if CORPUS_WEB.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpus is not there")

# 004_247a0b0f09312bd9.txt, lines 1-9: a notice with a date line and ideographic-space indents.
RAW_004_HEAD = (
    "河南省人民政府关于印发河南省“十四五”制造业高质量发展规划和现代服务业发展规划的通知\n"
    "发布日期:2022-01-26 \n"
    "\n"
    "各省辖市人民政府、济源示范区管委会，省人民政府各部门：\n"
    "现将《河南省“十四五”制造业高质量发展规划》《河南省“十四五”现代服务业发展规划》印发给你们，请认真贯彻实施。\n"
    "\u3000\u3000河南省人民政府\n"
    "\u3000\u30002021年12月31日\n"
    "河南省“十四五”制造业高质量发展规划 \n"
    "\n"
)
# 004, lines 14-16.
RAW_004_BODY = (
    "\n"
    "“十三五”期间，面对错综复杂的国内外经济形势，我省深入贯彻习近平总书记关于制造强国的重要论述和视察河南重要"
    "讲话重要指示，坚持把制造业高质量发展作为主攻方向，深化制造业供给侧结构性改革，加快制造业“三个转变”，持续"
    "深入打好转型攻坚战，制造业高质量发展站在了历史的新起点。\n"
    "规模效益持续提升。全省工业增加值从2016年的1.55万亿元提高到2020年的近1.78万亿元，规模总量稳居全国第5位、"
    "中西部地区第1位。智能终端、新能源客车、盾构装备、超硬材料等主要产品产量位居全国前列，制造业对支撑全省经济"
    "发展起到了顶梁柱、压舱石、定盘星的作用。\n"
)
# 003_4f598b7258bed4a7.txt, lines 236-283: PDF text wrapped at a fixed width with blank lines
# between the wrapped lines, headings printed twice and the newsletter's running header.
RAW_003_PAGE = (
    "色集约五个维度、27 项指标，对全国 293 个地级市的先进制造业发展情况\n\n"
    "进行了系统研究和综合评估，郑州排名全国第 18 位，中西部的武汉、成都、\n\n"
    "长沙进入前 10 位，合肥、西安、济南进入前 20 位。\n\n"
    "3. 研发首位度不高，创新引领力不强。3. 研发首位度不高，创新引领力不强。一般来说，内陆省份只有省会城\n\n"
    "市才有吸引集聚高端要素的能力，省会城市在科技创新中更应发挥引领带动\n\n"
    "作用。但是，对比中西部省会城市，2022 年郑州研发首位度（研发投入占全\n\n"
    "省比重）与西安、武汉、成都差距较大，也低于长沙、合肥等。尤其与四大\n\n"
    "工业大省及中西部省会城市相比，郑州创新投入仍显不足，研发投入绝对量\n\n"
    "及研发投入强度都处于中下游，对全省制造业的创新赋能作用相对较弱。\n\n"
    "4. 龙头企业能级不高，产业链掌控力不强。4. 龙头企业能级不高，产业链掌控力不强。城市制造业水平通常体现在\n\n"
    "龙头企业的竞争力和影响力上，与国家中心城市及中西部省会城市相比，郑\n\n"
    "州龙头企业数量和竞争力亟待提升，尤其是平台型、生态型、总部型企业不\n\n"
    "多，对产业链的整体掌控力不强。从国家级高新技术企业数量看，2022 年郑\n\n"
    "州 5189 家，同期广州、杭州、武汉、成都、西安、南京分别为 1.23 万家、1.27\n\n"
    "万家、1.24 万家、1.14 万家、1.04 万家、8800 家，长沙、合肥均超过 6000 家，\n\n\n\n"
    "\u2003 2024 年第 1期\u2003 创新资讯创新资讯第 7版\n\n"
    "国家级高新技术企业数量是衡量一个地区产业先进性创新性的重要指标。从\n\n"
    "国家级制造业单项冠军示范企业数量看，2016 以来工信部先后公布六批 848\n\n"
    "家企业，郑州 7 家，而杭州 26 家、广州 16 家、南京 14 家、长沙 15 家、\n\n"
    "济南 13 家、武汉 10 家，郑州仅比南昌、太原企业数量领先，制造业单项\n\n"
    "冠军企业专注于特定细分市场、占据全球产业链主导地位，此类企业多少是\n\n"
    "衡量城市制造业水平高低的重要标志。全国工商联 9 月 7 日发布的《2022 年\n\n"
    "中国制造业民营企业 500 强》榜单，郑州有 2 家入围，而杭州、广州、成都、\n\n"
)
# 003, lines 96-120 (wrapped, two headings printed twice).
RAW_003_HEADINGS = (
    "1. 产业实力加强。1. 产业实力加强。2021 年，郑州工业增加值达到 3400 亿元，在全国城\n\n"
    "市中排名第 23 位，在省会城市中排名第 7 位。规模以上制造业企业数量超\n\n"
    "过 2100 家，入选中国制造业企业 500 强 3 家，国家专精特新“小巨人”企\n\n"
    "业 63 家。2023 年前三季度郑州规上工业增加值同比增速达到了 9.0%，排在\n\n"
    "9 个国家中心城市的首位、中部六省省会城市的第二位。其中，制造业实现\n\n"
    "10% 的高增长，汽车制造业以 52.3% 的增速引领规上大类工业行业正增长。\n\n"
    "郑州先后获批“中国制造 2025”试点示范城市、国家服务型制造示范城市、\n\n"
    "国家产融合作试点城市、国家燃料电池汽车应用示范城市群等国家级示范平\n\n"
    "台，郑州制造竞争力和影响力持续提升。\n\n"
    "2. 换道领跑加快。2. 换道领跑加快。深入实施换道领跑战略，产业结构持续优化。如表 1\n\n"
    "所示，2020—2022 年，郑州六大工业主导产业、战略性新兴产业、高技术\n\n"
    "制造业增加值占比持续提高。产业新赛道持续拓展，算力服务器、芯片、新\n\n"
    "型显示、智联汽车等新兴产业链正在集聚，传统优势产业领域新业态新模式\n"
)
# corpus_web/webdev_e02.txt, lines 6-20: a web page's bullet list.
RAW_WEB_BULLETS = (
    "30多个大型企业和项目 已入驻工业园区\n\n主要包括\n\n"
    "●天能集团投资30亿元的新型大容量铅蓄电池生产和废旧铅酸电池处理项目\n\n"
    "●君恒集团投资23.9亿元的40万吨/年重蜡加氢制白油项目\n\n"
    "●东方雨虹公司投资15.1亿元的防水涂料系列项目\n\n"
    "●三棵树公司投资36亿元的高端涂料项目\n\n"
    "●省投资集团投资56亿元的豫能2×66万千瓦机组项目\n\n"
    "2020年工业园区答卷\n"
)
# corpus_web/webdev_f02.txt, line 2 (a quotation closed after its full stop).
RAW_WEB_QUOTE = (
    "“要切实担当起全省经济高质量发展新的核心增长极的重大责任,多产业协同发展,引领国家战略功能区建设,"
    "在奋力谱写中国式现代化河南篇章中挑大梁、走在前。”全国人大代表,河南省政府副秘书长、郑州航空港区党工委"
    "副书记、管委会主任田海涛表示。\n"
)
# corpus_web/webdev_f02.txt, line 3 (start): an ellipsis inside a sentence.
RAW_WEB_ELLIPSIS = (
    "新能源汽车产业是郑州航空港的一张亮丽名片,以比亚迪为龙头的千亿级新能源汽车城正在快速崛起。2021年9月签约、"
    "37天内项目开工、17个月顺利投产……不到4年时间,郑州航空港基地已经成为比亚迪产业链最全的战略性新能源汽车生产"
    "基地,2024年新能源汽车整车产量54.5万辆,同比增长169.8%。\n"
)
# corpus_web/webdev_f03.txt, line 1 (start): a question closed by a half-width "?".
RAW_WEB_QUESTION = (
    "国家战略,如何插上“低空经济”的双翼,带动黄河流域高质量发展?9月20日,河南省政府新闻办召开“黄河流域生态保护"
    "和高质量发展”系列新闻发布会。\n"
)
# 001_4f6cd11a973eb229.txt, line 71 (part); 003, line 48 (part).
RAW_001_AI = "训练河南人工智能大模型,为“AI+”垂直赋能制造业应用打好基础。"
RAW_003_GDP = "河南省虽然GDP位居全国第五，中部第一，但是制造业实力远逊色于广东、江苏、山东、浙江等头部经济强省。"

FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F) if chr(c).isalnum()})


def _is_line_break(ch: str) -> bool:
    return len(("a" + ch + "b").splitlines()) == 2


def _check_offsets(raw: str, text: str, offsets: list[int]) -> None:
    """Every normalized character comes from the raw character its offset names."""
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(raw)
    assert all(a < b for a, b in zip(offsets, offsets[1:], strict=False)), "offsets must increase"
    for i, ch in enumerate(text):
        src = raw[offsets[i]]
        if ch == "\n":
            assert _is_line_break(src), (i, repr(src), text[max(0, i - 20):i + 20])
        elif ch == " ":
            assert src.isspace(), (i, repr(src), text[max(0, i - 20):i + 20])
        else:
            assert _fold(src) == ch, (i, repr(src), repr(ch), text[max(0, i - 20):i + 20])


# ---------------------------------------------------------------- decoding


def test_decode_utf8():
    data = RAW_004_HEAD.encode("utf-8")
    assert decode_bytes(data) == (RAW_004_HEAD, "utf-8")


def test_decode_utf8_with_bom():
    text, enc = decode_bytes(b"\xef\xbb\xbf" + RAW_004_HEAD.encode("utf-8"))
    assert enc == "utf-8-sig"
    assert text == RAW_004_HEAD  # the BOM is not part of the text
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("snippet", [RAW_004_HEAD, RAW_004_BODY, RAW_003_PAGE, RAW_WEB_BULLETS])
def test_decode_gb18030(snippet):
    data = snippet.encode("gb18030")
    assert data != snippet.encode("utf-8")
    assert decode_bytes(data) == (snippet, "gb18030")


def test_decode_gb18030_four_byte_characters():
    # Characters outside GBK take four bytes in GB18030 (here a CJK extension-B character).
    snippet = RAW_004_BODY.replace("我省", "我省\U00020000")
    data = snippet.encode("gb18030")
    assert decode_bytes(data) == (snippet, "gb18030")


@pytest.mark.parametrize("snippet", [RAW_004_HEAD, RAW_003_HEADINGS, RAW_WEB_QUOTE])
def test_decode_gbk(snippet):
    text, enc = decode_bytes(snippet.encode("gbk"))
    assert text == snippet
    assert enc == "gb18030"  # GB18030 is a superset of GBK


def test_decode_utf16_with_bom():
    text, enc = decode_bytes(RAW_004_HEAD.encode("utf-16"))
    assert text == RAW_004_HEAD
    assert enc.startswith("utf-16")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8,  # an image
    b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64 + "河南".encode() * 10,  # an executable
    "河南省".encode("utf-16-le") * 20,  # UTF-16 without a BOM: NULs in the bytes
    bytes(range(1, 9)) * 200,  # control characters without a NUL
    bytes(range(0x80, 0x100)) * 16,  # high bytes that are neither UTF-8 nor GB18030
])
def test_decode_rejects_binary(data):
    with pytest.raises(DecodeError):
        decode_bytes(data)


def test_decode_file_rejects_empty_and_blank_files(tmp_path):
    for name, data in (("empty.txt", b""), ("blank.txt", b"\n \r\n\t\n")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(DecodeError, match="empty"):
            decode_file(path)


def test_decode_file_reads_gb18030_file(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes(RAW_004_HEAD.encode("gb18030"))
    assert decode_file(path) == (RAW_004_HEAD, "gb18030")


def test_decode_file_missing_is_decode_error(tmp_path):
    with pytest.raises(DecodeError, match="cannot read"):
        decode_file(tmp_path / "nope.txt")


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_same_text_in_every_encoding(path, tmp_path):
    doc = load_document(path)
    assert doc.encoding == "utf-8"
    for enc, expect in (("gb18030", "gb18030"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")):
        copy = tmp_path / f"{enc}.txt"
        copy.write_bytes(doc.raw.encode(enc))
        other = load_document(copy, doc.name)
        assert other.encoding.startswith(expect)
        assert other.raw == doc.raw
        assert other.text == doc.text
        assert other.offsets == doc.offsets


# ---------------------------------------------------------------- loading a folder


def test_load_corpus_skips_unreadable_files_with_a_warning(tmp_path):
    (tmp_path / "a_binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "b_empty.md").write_bytes(b"")
    (tmp_path / "c_blank.txt").write_text("\u3000\u3000\n", encoding="utf-8")  # nothing after normalizing
    (tmp_path / "d_good.txt").write_bytes(RAW_004_HEAD.encode("gb18030"))
    (tmp_path / "e_ignored.csv").write_text("not,a,document\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "f_good.md").write_text(RAW_004_BODY, encoding="utf-8")
    warnings: list[str] = []
    docs = load_corpus(tmp_path, warn=warnings.append)
    assert [d.name for d in docs] == ["d_good.txt", "sub/f_good.md"]
    assert [d.encoding for d in docs] == ["gb18030", "utf-8"]
    assert len(warnings) == 3
    for name in ("a_binary.txt", "b_empty.md", "c_blank.txt"):
        assert sum(name in w for w in warnings) == 1, (name, warnings)


def test_load_corpus_errors(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "missing")
    with pytest.raises(CorpusError, match="no .txt or .md"):
        load_corpus(tmp_path)
    (tmp_path / "x.txt").write_bytes(b"\x00" * 10)
    with pytest.raises(CorpusError, match="no readable document"):
        load_corpus(tmp_path, warn=lambda _m: None)
    with pytest.raises(CorpusError, match="not a folder"):
        load_corpus(tmp_path / "x.txt")


# ---------------------------------------------------------------- normalization


def test_full_width_digits_and_letters_fold_chinese_punctuation_stays():
    # A real sentence as a source with full-width digits and letters would print it.
    raw = RAW_004_BODY.translate(FULL_WIDTH)
    assert "２０１６" in raw and "１.５５" in raw
    text, offsets = normalize(raw)
    assert "全省工业增加值从2016年的1.55万亿元提高到2020年的近1.78万亿元" in text
    assert "“十三五”期间，面对" in text and "新起点。" in text  # “”，。 unchanged
    assert not any("\uff10" <= c <= "\uff5a" for c in text)
    _check_offsets(raw, text, offsets)
    assert text == normalize(RAW_004_BODY)[0]


def test_full_width_letters_fold():
    raw = RAW_001_AI.replace("AI", "ＡＩ") + "\n" + RAW_003_GDP.replace("GDP", "ＧＤＰ")
    text, offsets = normalize(raw)
    assert text == RAW_001_AI + "\n" + RAW_003_GDP
    assert "“AI+”" in text and "，中部第一，" in text
    _check_offsets(raw, text, offsets)


def test_full_width_percent_and_point_fold():
    raw = "汽车制造业以 ５２．３％ 的增速引领规上大类工业行业正增长。"
    text, _ = normalize(raw)
    assert text == "汽车制造业以52.3%的增速引领规上大类工业行业正增长。"


def test_spaces_beside_chinese_go_ideographic_indent_goes():
    text, offsets = normalize(RAW_004_HEAD)
    lines = text.split("\n")
    assert "河南省人民政府" in lines  # "\u3000\u3000河南省人民政府": indent gone
    assert "2021年12月31日" in lines
    assert "发布日期:2022-01-26" in lines  # trailing space gone
    assert "" not in lines  # blank lines gone
    _check_offsets(RAW_004_HEAD, text, offsets)


def test_pdf_wrapped_lines_are_joined():
    text, offsets = normalize(RAW_003_PAGE)
    # sentences that span two or three wrapped lines come out whole
    assert ("对比中西部省会城市，2022年郑州研发首位度（研发投入占全省比重）与西安、武汉、成都差距较大，"
            "也低于长沙、合肥等。") in text
    assert "工业大省及中西部省会城市相比，郑州创新投入仍显不足，研发投入绝对量及研发投入强度都处于中下游" in text
    # spaces around numbers beside Chinese are gone, decimals stay
    assert "2022年郑州5189家，同期广州、杭州、武汉、成都、西安、南京分别为1.23万家、1.27万家、1.24万家" in text
    _check_offsets(RAW_003_PAGE, text, offsets)


def test_running_header_dropped_and_sentence_joined_across_it():
    text, offsets = normalize(RAW_003_PAGE)
    assert "创新资讯" not in text and "第7版" not in text and "2024年第1期" not in text
    # the sentence interrupted by the page break and the header continues on the next page
    assert "长沙、合肥均超过6000家，国家级高新技术企业数量是衡量一个地区产业先进性创新性的重要指标。" in text
    _check_offsets(RAW_003_PAGE, text, offsets)


def test_heading_printed_twice_kept_once():
    text, offsets = normalize(RAW_003_HEADINGS)
    assert text.count("换道领跑加快") == 1
    assert "2.换道领跑加快。深入实施换道领跑战略，产业结构持续优化。" in text
    assert text.count("产业实力加强") == 1
    # (13 lines are too few to tell a PDF's wrap width, so the wrapped lines stay apart here)
    assert text.startswith("1.产业实力加强。2021年，郑州工业增加值达到3400亿元，在全国城")
    _check_offsets(RAW_003_HEADINGS, text, offsets)
    text, _ = normalize(RAW_003_PAGE)
    assert text.count("龙头企业能级不高，产业链掌控力不强。") == 1


def test_web_bullets_stay_separate_lines():
    text, offsets = normalize(RAW_WEB_BULLETS)
    lines = text.split("\n")
    bullets = [ln for ln in lines if ln.startswith("●")]
    assert len(bullets) == 5
    assert "●君恒集团投资23.9亿元的40万吨/年重蜡加氢制白油项目" in lines
    assert lines[0] == "30多个大型企业和项目已入驻工业园区"
    assert lines[-1] == "2020年工业园区答卷"
    _check_offsets(RAW_WEB_BULLETS, text, offsets)


def test_bullet_after_a_wrapped_line_starts_a_new_line():
    # Wrapped PDF text (the last line fills the width, no full stop) followed by a bullet list:
    # the wrapped lines join, the bullets do not.
    raw = RAW_003_PAGE + RAW_WEB_BULLETS.split("主要包括\n\n", 1)[1]
    text, offsets = normalize(raw)
    lines = text.split("\n")
    assert sum(ln.startswith("●") for ln in lines) == 5
    assert any(ln.endswith("而杭州、广州、成都、") for ln in lines)
    assert "●天能集团投资30亿元的新型大容量铅蓄电池生产和废旧铅酸电池处理项目" in lines
    _check_offsets(raw, text, offsets)


def test_crlf_line_ends_give_the_same_text():
    raw = RAW_003_PAGE.replace("\n", "\r\n")
    text, offsets = normalize(raw)
    assert text == normalize(RAW_003_PAGE)[0]
    _check_offsets(raw, text, offsets)


def test_normalize_empty_and_blank():
    assert normalize("") == ("", [0])
    text, offsets = normalize("\u3000 \n\n\t\n")
    assert text == ""
    assert offsets == [len("\u3000 \n\n\t\n")]


@needs_corpus
def test_whole_files_join_wrapped_sentences():
    doc = load_document(CORPUS / "000_683edb0f08ce512f.txt")
    assert ("本文聚焦河南省未来产业的发展机制及路径，旨在为区域经济高质量发展提供理论支撑和实践指导。"
            in doc.text)
    assert "文章构建了包含创新驱动、政策支持、人才培养和产业链协同的未来产业发展机制框架" in doc.text
    # an English abstract wrapped between two words keeps the space between them
    assert "The study employs the literature analysis method" in doc.text
    assert "Thestudy" not in doc.text
    doc = load_document(CORPUS / "003_4f598b7258bed4a7.txt")
    assert "创新资讯创新资讯" not in doc.text
    assert "要求郑州更好发挥引领、赋能作用，带动全省制造业实现高质量发展。" in doc.text
    assert doc.text.count("2.换道领跑加快。") == 1


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES + WEB_FILES, ids=lambda p: p.name)
def test_offset_map_over_whole_file(path):
    doc = load_document(path)
    assert doc.text and doc.text == doc.text.strip()
    _check_offsets(doc.raw, doc.text, doc.offsets)
    # no line of the normalized text is blank, and no space is left beside a Chinese character
    assert "\n\n" not in doc.text
    assert not any(ch in doc.text for ch in "\u3000\u00a0\u2003\t\r")


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_raw_span_maps_sentences_back(path):
    doc = load_document(path)
    sentences = split_sentences(doc.name, doc.text)
    assert sentences
    for s in sentences:
        a, b = doc.raw_span(s.start, s.end)
        assert 0 <= a < b <= len(doc.raw)
        assert _fold(doc.raw[a]) == s.text[0] and _fold(doc.raw[b - 1]) == s.text[-1]
        # the sentence is the raw span minus what normalization drops (spaces, line breaks,
        # page furniture): its characters occur in order in the folded raw span
        chars = iter("".join(_fold(c) for c in doc.raw[a:b]))
        assert all(c in chars for c in s.text.replace(" ", "")), s.text


@needs_corpus
def test_raw_span_of_a_wrapped_sentence():
    doc = load_document(CORPUS / "000_683edb0f08ce512f.txt")
    sentence = "本文聚焦河南省未来产业的发展机制及路径，旨在为区域经济高质量发展提供理论支撑和实践指导。"
    start = doc.text.index(sentence)
    a, b = doc.raw_span(start, start + len(sentence))
    raw = doc.raw[a:b]
    assert "\n" in raw  # it spans a PDF line break
    assert "".join(raw.split()) == sentence
    assert doc.raw_span(start, start) == (a, a)


def test_raw_span_on_a_document():
    raw = RAW_003_HEADINGS
    text, offsets = normalize(raw)
    doc = Document(name="003", raw=raw, encoding="utf-8", text=text, offsets=offsets)
    i = text.index("3400亿元")
    a, b = doc.raw_span(i, i + len("3400亿元"))
    assert raw[a:b] == "3400 亿元"
    i = text.index("2.换道领跑加快")
    a, b = doc.raw_span(i, i + len("2.换道领跑加快"))
    assert raw[a:b] == "2. 换道领跑加快"
    assert raw[:a].count("换道领跑加快") == 1  # the kept copy is the second one


# ---------------------------------------------------------------- sentence splitting


def _split(raw: str) -> list[str]:
    text, _ = normalize(raw)
    sentences = split_sentences("d", text)
    for i, s in enumerate(sentences):
        assert s.index == i and s.doc == "d"
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
    return [s.text for s in sentences]


def test_split_at_full_stops_and_line_ends():
    assert _split(RAW_004_HEAD) == [
        "河南省人民政府关于印发河南省“十四五”制造业高质量发展规划和现代服务业发展规划的通知",
        "发布日期:2022-01-26",
        "各省辖市人民政府、济源示范区管委会，省人民政府各部门：",
        "现将《河南省“十四五”制造业高质量发展规划》《河南省“十四五”现代服务业发展规划》印发给你们，请认真贯彻实施。",
        "河南省人民政府",
        "2021年12月31日",
        "河南省“十四五”制造业高质量发展规划",
    ]


def test_split_keeps_decimals_and_inner_quotes():
    got = _split(RAW_004_BODY)
    assert len(got) == 4
    assert got[0].startswith("“十三五”期间") and got[0].endswith("站在了历史的新起点。")
    assert got[1] == "规模效益持续提升。"
    assert got[2] == "全省工业增加值从2016年的1.55万亿元提高到2020年的近1.78万亿元，规模总量稳居全国第5位、中西部地区第1位。"


def test_split_closing_quote_stays_with_its_sentence():
    got = _split(RAW_WEB_QUOTE)
    assert len(got) == 2
    assert got[0].startswith("“要切实担当") and got[0].endswith("走在前。”")
    assert got[1] == "全国人大代表,河南省政府副秘书长、郑州航空港区党工委副书记、管委会主任田海涛表示。"


def test_split_question_and_exclamation_marks():
    got = _split(RAW_WEB_QUESTION)
    assert got[0] == "国家战略,如何插上“低空经济”的双翼,带动黄河流域高质量发展?"
    assert got[1].startswith("9月20日,") and len(got) == 2
    # the same sentences as a source with full-width ？ and ！ would print them
    got = _split(RAW_WEB_QUESTION.replace("?", "？").replace("系列新闻发布会。", "系列新闻发布会！"))
    assert got[0].endswith("高质量发展？") and got[1].endswith("系列新闻发布会！") and len(got) == 2


def test_split_long_runs_at_clause_marks_else_at_the_fixed_width():
    clauses = "，".join(["郑州市发展装备制造产业"] * 60) + "。"  # 719 characters, one sentence
    got = _split(clauses)
    assert len(got) > 1 and all(len(s) <= MAX_SENTENCE for s in got)
    assert all(s.endswith(("，", "。")) for s in got)  # cut after a comma, never inside a word
    bare = "".join(f"第{i:03d}号装备制造产业洛阳市建设新材料产业" for i in range(30))  # 630 characters, no mark
    got = [s.text for s in split_sentences("d", bare)]
    assert "".join(got) == bare and all(len(s) <= FIXED_WIDTH for s in got)
    assert len(got) == -(-len(bare) // FIXED_WIDTH)
    assert [s.text for s in split_sentences("d", bare[:300])] == [bare[:300]]  # a short line without marks is one sentence


def test_split_not_at_ellipsis_or_decimal_point():
    got = _split(RAW_WEB_ELLIPSIS)
    assert got == [
        "新能源汽车产业是郑州航空港的一张亮丽名片,以比亚迪为龙头的千亿级新能源汽车城正在快速崛起。",
        "2021年9月签约、37天内项目开工、17个月顺利投产……不到4年时间,郑州航空港基地已经成为比亚迪产业链最全的"
        "战略性新能源汽车生产基地,2024年新能源汽车整车产量54.5万辆,同比增长169.8%。",
    ]


def test_split_wrapped_pdf_text_into_whole_sentences():
    got = _split(RAW_003_PAGE)
    across_header = [s for s in got if s.endswith("国家级高新技术企业数量是衡量一个地区产业先进性创新性的重要指标。")]
    assert len(across_header) == 1
    assert across_header[0].startswith("从国家级高新技术企业数量看，2022年郑州5189家，")
    assert "合肥均超过6000家，国家级" in across_header[0]
    assert "4.龙头企业能级不高，产业链掌控力不强。" in got
    assert all("\n" not in s for s in got)


def test_split_bullets_one_sentence_each():
    got = _split(RAW_WEB_BULLETS)
    assert got[2:7] == [
        "●天能集团投资30亿元的新型大容量铅蓄电池生产和废旧铅酸电池处理项目",
        "●君恒集团投资23.9亿元的40万吨/年重蜡加氢制白油项目",
        "●东方雨虹公司投资15.1亿元的防水涂料系列项目",
        "●三棵树公司投资36亿元的高端涂料项目",
        "●省投资集团投资56亿元的豫能2×66万千瓦机组项目",
    ]
