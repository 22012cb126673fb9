"""Bytes -> text: byte-order marks, strict UTF-8, UTF-16 without BOM, legacy code pages.

Order of attempts (first that succeeds wins):

1. a byte-order mark: UTF-8 (``"utf-8-sig"``), UTF-32 or UTF-16 (``"utf-32"``, ``"utf-16"``);
   the BOM is consumed by the codec, so the decoded text does not start with U+FEFF;
2. known binary signatures (PNG, JPEG, GIF, PDF, ZIP, gzip...) -> ``E_BINARY``;
3. NUL bytes: UTF-16 without a BOM when NULs (or the Arabic block's high byte) sit on one
   parity of the byte positions and the result is text-like (``"utf-16-le"``/``"utf-16-be"``),
   otherwise ``E_BINARY``;
4. strict UTF-8 (``"utf-8"``) — tried before a declared charset because pages often declare
   ``iso-8859-1`` while serving UTF-8, and legacy Arabic text is never valid UTF-8 by chance;
   then *mostly* UTF-8: a few undecodable sequences among many valid non-ASCII characters
   (at least :data:`MIN_VALID_PER_BAD` per bad one) become U+FFFD, as browsers do, and
   :func:`decode_counted` says how many (a legacy code page such as windows-1256 gives about
   one bad sequence per non-ASCII character, so it is never taken for damaged UTF-8);
5. a charset declared by the container (HTML ``<meta charset>``, HTTP header), when it decodes;
6. charset-normalizer's best guess (``"cp1256"``, ``"iso8859-6"``, ...), except that Latin text
   which reads plausibly as windows-1252 is taken as ``"cp1252"`` (see :func:`guess_legacy`:
   on short texts the guesser picks cp1250, cp1257, mac_roman... and turns ``à`` into ``ŕ``);

and the text must then be text-like (few control characters), else ``E_BINARY``/``E_DECODE``.
A document that decoded as UTF-8 but is, as a whole, UTF-8 misread through a code page and
saved again (double-encoded) is then decoded back by :func:`undo_double_encoding`, which the
document reader calls.
Encoding names are Python codec names as returned by :func:`codecs.lookup` (``"utf-8"``,
``"utf-16-le"``, ``"cp1256"``), except ``"utf-8-sig"`` and ``"utf-16"`` that say a BOM was there.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from mawsua.errors import MawsuaError

#: Leading bytes of common binary formats -> a name for the reason text.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx/epub)"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\x1f\x8b", "gzip archive; ingest and bulk read gzipped JSON Lines and WARC by their "
                    "name: .jsonl.gz, .json.gz, .ndjson.gz, .warc.gz"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "ICO image"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Largest share of control characters (other than tab, LF, CR, FF) a text may have.
MAX_CONTROL_RATIO = 0.02
#: Bytes handed to charset-normalizer (it samples inside that anyway).
_DETECT_SAMPLE = 1_000_000


def sniff_binary(head: bytes) -> str | None:
    """Return what binary format ``head`` (the first bytes of a file) starts with, or ``None``.

    Only signatures are checked; NUL bytes are judged by :func:`decode`.
    """
    for sig, name in BINARY_SIGNATURES:
        if head.startswith(sig):
            if sig == b"RIFF" and head[8:12] not in (b"WEBP", b"WAVE", b"AVI "):
                continue
            return name
    return None


def bom_encoding(head: bytes) -> str | None:
    """Return the codec name implied by a byte-order mark at the start of ``head``, if any."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Return ``(text, "utf-16-le" | "utf-16-be")`` for BOM-less UTF-16, or ``None``."""
    # high bytes of ASCII (0x00) or of the Arabic block (0x06) on one parity
    candidate = utf16_parity(data)
    if candidate is None:
        return None
    if len(data) % 2:
        return None
    try:
        text = data.decode(candidate)
    except UnicodeDecodeError:
        return None
    return (text, candidate) if is_text_like(text) else None


#: Control characters a text may hold whatever its length (a stray BEL in a headline-length
#: item is no sign of binary content; the hygiene step removes it).
MAX_CONTROL_CHARS = 3


def _controls(sample: str) -> int:
    return sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f")


def control_ratio(text: str) -> float:
    """Share of C0 control characters (not tab/LF/CR/FF), NUL included, in ``text[:100_000]``."""
    sample = text[:100_000]
    return _controls(sample) / len(sample) if sample else 0.0


def is_text_like(text: str) -> bool:
    """Whether ``text[:100_000]`` has at most :data:`MAX_CONTROL_RATIO` control characters, or
    at most :data:`MAX_CONTROL_CHARS` of them in all among at least four times as many
    characters (a headline-length item with one stray BEL)."""
    sample = text[:100_000]
    bad = _controls(sample)
    return bad <= MAX_CONTROL_RATIO * len(sample) or (
        bad <= MAX_CONTROL_CHARS and len(sample) >= 4 * MAX_CONTROL_CHARS)


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


#: Least number of valid non-ASCII characters per undecodable sequence for a text that fails
#: strict UTF-8 to be read as UTF-8 with replacement characters.
MIN_VALID_PER_BAD = 20


def decode_mostly(data: bytes, codec: str = "utf-8") -> tuple[str, int] | None:
    """``(text, replaced)`` when ``data`` is ``codec`` text with a few undecodable sequences
    (each becomes U+FFFD; at least :data:`MIN_VALID_PER_BAD` valid non-ASCII characters per
    bad one), else ``None`` (not that encoding at all)."""
    text = data.decode(codec, "replace")
    kept = data.decode(codec, "ignore")
    bad = text.count("\ufffd") - kept.count("\ufffd")
    valid = sum(1 for ch in kept if ch > "\x7f")
    if bad and valid >= MIN_VALID_PER_BAD * bad and is_text_like(text):
        return text, bad
    return None


def decode(data: bytes, *, declared: str | None = None, where: str | None = None) -> tuple[str, str]:
    """:func:`decode_counted` without the count of replaced sequences."""
    text, encoding, _ = decode_counted(data, declared=declared, where=where)
    return text, encoding


def decode_counted(data: bytes, *, declared: str | None = None,
                   where: str | None = None) -> tuple[str, str, int]:
    """Decode ``data`` to text, name the encoding used and count replaced sequences.

    Args:
        data: the raw bytes (a whole file or record).
        declared: a charset stated by the container (HTML meta, HTTP header), tried after
            strict UTF-8 and before guessing; ignored when unknown to Python or when it fails.
        where: path or URL, used in error messages.

    Returns:
        ``(text, encoding, replaced)``: the decoded text (a BOM is not part of it), the codec
        name (see the module docstring) and how many undecodable sequences became U+FFFD
        (0 unless the bytes are mostly, not wholly, UTF-8).

    Raises:
        MawsuaError: ``E_EMPTY_FILE`` for no bytes, ``E_BINARY`` for binary content,
            ``E_DECODE`` when no supported encoding gives text.
    """
    if not data:
        raise MawsuaError("E_EMPTY_FILE", "no bytes", where)
    bom = bom_encoding(data)
    if bom is not None:
        try:
            return data.decode(bom), bom, 0
        except UnicodeDecodeError as e:
            raise MawsuaError("E_DECODE", f"starts with a {bom} byte-order mark but {e}", where) from e
    kind = sniff_binary(data)
    if kind is not None:
        raise MawsuaError("E_BINARY", f"binary content ({kind})", where)
    if b"\x00" in data[:65536]:
        found = _utf16_without_bom(data)
        if found is None:
            raise MawsuaError("E_BINARY", "NUL bytes: binary content, not text", where)
        return (*found, 0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if is_text_like(text):
            return text, "utf-8", 0
        raise MawsuaError("E_BINARY", "valid UTF-8 but mostly control characters", where)
    mostly = decode_mostly(data)
    if mostly is not None:
        return mostly[0], "utf-8", mostly[1]
    if declared:
        name = _codec_name(declared)
        if name is not None and not name.startswith(("utf-16", "utf-32")):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                pass
            else:
                if is_text_like(text):
                    return text, name, 0
    name = guess_legacy(data[:_DETECT_SAMPLE])
    if name is None:
        raise MawsuaError("E_DECODE", "not UTF-8 and no legacy encoding fits", where)
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError) as e:
        raise MawsuaError("E_DECODE", f"guessed {name} but {e}", where) from e
    if not is_text_like(text):
        raise MawsuaError("E_DECODE", f"decodes as {name} only to control characters", where)
    return text, name, 0



#: Least number of multi-byte UTF-8 sequences a whole document must hold to be taken for
#: double-encoded UTF-8 (a few accented Latin letters could round-trip by chance).
MIN_DOUBLE_ENCODED_SEQUENCES = 8


#: Single-byte code pages a whole UTF-8 document is misread through, in the order tried.
MISREADINGS = ("latin-1", "cp1252", "cp1256")


def undo_double_encoding(text: str) -> tuple[str, str] | None:
    """``(text, misreading)`` when the WHOLE of ``text`` is UTF-8 that was read through a
    single-byte code page and saved again as UTF-8 ("double-encoded" UTF-8, mojibake such as
    ``Ø§Ù„Ø±Ø¦ÙŠØ³`` or ``ط§ظ„ط±ط¦ظٹط³``), else ``None``.

    Every character must encode in the code page (:data:`MISREADINGS`: latin-1, windows-1252,
    windows-1256), the bytes must decode as strict UTF-8 with at least
    :data:`MIN_DOUBLE_ENCODED_SEQUENCES` multi-byte sequences, and the result must hold no C1
    control. A text with some mojibake runs among correct letters is not undone here (the
    clean stage repairs those runs as offset-preserving ``mojibake`` edits). Correct Arabic or
    Latin text is not valid UTF-8 when taken as bytes of a code page, so a false positive needs
    a document made only of such byte pairs (the test ftfy's ``fix_encoding`` rests on).
    Linear: the codecs run in C.
    """
    if text.isascii():
        return None
    for name in MISREADINGS:
        try:
            data = text.encode(name)
            fixed = data.decode("utf-8")
        except UnicodeError:
            continue
        leads = sum(1 for b in data if 0xC2 <= b <= 0xF4)
        if leads >= MIN_DOUBLE_ENCODED_SEQUENCES and not any("\x80" <= c <= "\x9f" for c in fixed):
            return fixed, name
    return None


#: Non-ASCII lowercase letters of Western European languages written in windows-1252; a
#: windows-1252 reading is plausible when all its non-ASCII letters fit ONE of these.
WESTERN_LETTERS: dict[str, frozenset[str]] = {
    name: frozenset(letters) for name, letters in {
        "french": "àâæçéèêëîïôœùûüÿ",
        "german": "äöüß",
        "spanish": "áéíóúñü",
        "portuguese": "áâãàçéêíóôõú",
        "italian": "àèéìíîòóùú",
        "catalan": "àçéèíïòóúü",
        "dutch": "áéëèïíóöüú",
        "nordic": "åæøäöéáíóúýðþ",
    }.items()
}
#: Non-letters of windows-1252 that plausibly occur in Western text (quotes, dashes, signs).
WESTERN_SYMBOLS = frozenset("«»“”‘’„‚–—…€£¥°§·¿¡©®™•\u00a0×÷±")
#: Least share of ASCII letters among the letters of a plausible windows-1252 reading.
MIN_ASCII_LETTER_SHARE = 0.6
#: Longest run of adjacent non-ASCII letters in a plausible windows-1252 reading (Arabic,
#: Cyrillic or Greek bytes read as windows-1252 give long runs such as ``ÇáÑÆíÓ``).
MAX_NON_ASCII_RUN = 2
_LATIN_FAMILY = frozenset({"cp1252", "latin_1", "iso8859_15", "ascii"})


def plausible_western(text: str) -> bool:
    """Whether ``text`` (a windows-1252 reading) looks like Western European text: mostly
    ASCII letters, non-ASCII letters few, short runs, all from one language's alphabet, and no
    odd symbols (Polish ``ł`` read as windows-1252 is ``³``)."""
    ascii_letters = n_other = run = 0
    others: set[str] = set()
    for ch in text[:100_000]:
        if ch < "\x80":
            run = 0
            if ch.isalpha():
                ascii_letters += 1
            continue
        if ch.isalpha():
            run += 1
            if run > MAX_NON_ASCII_RUN:
                return False
            n_other += 1
            others.add(ch.lower())
        else:
            run = 0
            if ch not in WESTERN_SYMBOLS:
                return False
    if ascii_letters == 0 or ascii_letters / (ascii_letters + n_other) < MIN_ASCII_LETTER_SHARE:
        return False
    return not others or any(others <= letters for letters in WESTERN_LETTERS.values())


def guess_legacy(data: bytes) -> str | None:
    """Name the legacy (non-UTF) encoding of ``data``, or ``None`` when nothing fits.

    charset-normalizer's best guess, except that windows-1252 wins when the guess is another
    code page (cp1250, cp1257, mac_roman, cp775...) and the windows-1252 reading is
    :func:`plausible_western`: on short Latin-1 texts the guesser often prefers a
    Central-European page (``Je suis allé ŕ la plage``). Arabic read as windows-1252 is never
    plausible (long runs of non-ASCII letters), so windows-1256 detection is unchanged.
    """
    best = from_bytes(data).best()
    name = None
    if best is not None and best.encoding is not None:
        name = _codec_name(best.encoding) or best.encoding
        if name in _LATIN_FAMILY:
            return name
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return name
    if is_text_like(western) and plausible_western(western):
        return "cp1252"
    return name


def sniff_encoding(head: bytes, *, complete: bool) -> str | None:
    """Guess the encoding of a file from its first bytes, for streaming it line by line.

    Returns:
        ``"utf-8-sig"``, ``"utf-16"`` or ``"utf-32"`` for a BOM; ``"utf-16-le"``/``"utf-16-be"``
        for BOM-less UTF-16 (NUL bytes on one parity; NULs without that pattern are judged
        like any other byte, so a stray NUL in a UTF-8 line fails only its line); ``"utf-8"`` when the head is UTF-8
        (a sequence cut at the end of the head is allowed, also when the head is the whole
        file: a file cut short mid-character is still UTF-8) or when its non-ASCII
        lines are mostly UTF-8 (a file with a few broken lines stays UTF-8, each broken line
        failing on its own); else :func:`guess_legacy`'s answer (``"cp1256"``...); ``None``
        for binary-looking or undecidable heads.
    """
    bom = bom_encoding(head)
    if bom is not None:
        return bom
    if b"\x00" in head[:65536]:
        parity = utf16_parity(head)
        if parity is not None:
            return parity
        # a few stray NULs in UTF-8 lines: each such line fails on its own (E_JSON)
    try:
        # final=False even for a whole file: a sequence cut by the end of the file (a file
        # cut short mid-character) is still UTF-8; the cut line fails on its own
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    good = bad = 0
    lines = head.split(b"\n")
    if not complete:
        lines = lines[:-1]
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
        else:
            good += 1
    if good and good >= bad:
        return "utf-8"
    return guess_legacy(head[:65536])


def utf16_parity(sample: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when NULs (or the Arabic block's high byte) sit on one
    parity of the first 4 KiB of ``sample``, else ``None``."""
    sample = sample[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    odd_high = sum(1 for b in odd if b in (0x00, 0x06)) / len(odd)
    even_high = sum(1 for b in even if b in (0x00, 0x06)) / len(even)
    if odd_high >= 0.6 and odd_high > even_high:
        return "utf-16-le"
    if even_high >= 0.6 and even_high > odd_high:
        return "utf-16-be"
    return None
