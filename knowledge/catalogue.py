"""Every user-facing string, Indonesian first, English second.

Keeping them in one table lets a translator review the whole product in one
sitting and lets tests check that both languages exist for every key.
Templates use ``str.format`` fields; callers pass already-formatted numbers.
"""

from __future__ import annotations

LANGS = ("id", "en")
DEFAULT_LANG = "id"

# key -> (Indonesian, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- core answers ---------------------------------------------------
    "kind.provinsi": ("provinsi", "province"),
    "kind.kabupaten": ("kabupaten", "regency"),
    "kind.kota": ("kota", "city"),
    "kind.kementerian": ("kementerian", "ministry"),
    "kind.lembaga": ("lembaga", "agency"),
    "kind.polres": ("polres", "district police"),
    "kind.polda": ("polda", "regional police"),
    "kind.kantor_pertanahan": ("kantor pertanahan", "land office"),
    "kind.kanwil_bpn": ("kanwil BPN", "regional land office"),
    "kind.other": ("instansi lain", "other body"),
    "zone.hijau": ("Zona Hijau", "Green Zone"),
    "zone.kuning": ("Zona Kuning", "Yellow Zone"),
    "zone.merah": ("Zona Merah", "Red Zone"),
    "zone.none": ("zona tidak disebut sumber", "zone not stated by the source"),
    "opinion.tertinggi": ("kualitas tertinggi", "highest quality"),
    "opinion.tinggi": ("kualitas tinggi", "high quality"),
    "opinion.sedang": ("kualitas sedang", "medium quality"),
    "opinion.rendah": ("kualitas rendah", "low quality"),
    "opinion.terendah": ("kualitas terendah", "lowest quality"),
    "predikat.tinggi": ("kepatuhan tinggi", "high compliance"),
    "predikat.sedang": ("kepatuhan sedang", "medium compliance"),
    "predikat.rendah": ("kepatuhan rendah", "low compliance"),
    "scope.nasional_provinsi": ("nasional, di antara provinsi", "nationally, among provinces"),
    "scope.nasional_kabupaten": ("nasional, di antara kabupaten", "nationally, among regencies"),
    "scope.nasional_kota": ("nasional, di antara kota", "nationally, among cities"),
    "scope.nasional_kementerian": ("nasional, di antara kementerian", "nationally, among ministries"),
    "scope.nasional_lembaga": ("nasional, di antara lembaga", "nationally, among agencies"),
    "scope.provinsi": ("di antara pemda se-{province}", "among the local governments of {province}"),
    "scope.other": ("lingkup khusus, lihat sumber", "a specific scope, see the source"),
    "lookup.heading": ("{name} ({kind}{province})", "{name} ({kind}{province})"),
    "lookup.province_suffix": (", {province}", ", {province}"),
    "lookup.year": ("Tahun {year}: ", "{year}: "),
    "lookup.score": ("nilai {score}", "score {score}"),
    "lookup.no_score": ("nilai tidak disebut sumber", "score not stated by the source"),
    "lookup.label_2025": ("Opini Ombudsman 2025: {label}", "2025 Ombudsman Opinion: {label}"),
    "lookup.opinion_only": ("opini {opinion}", "opinion: {opinion}"),
    "lookup.disagree": (
        "⚠️ Sumber berbeda pendapat: {values}.",
        "⚠️ Sources disagree: {values}.",
    ),
    "lookup.disagree_item": ("{value} ({sources})", "{value} ({sources})"),
    "lookup.contested": (
        "⚠️ Sumber lain menyebut instansi ini tidak dinilai tahun itu: {source}",
        "⚠️ Another source says this body was not assessed that year: {source}",
    ),
    "lookup.administrative": (
        "ℹ️ Kota/kabupaten administrasi di DKI Jakarta tidak dinilai sebagai pemda tersendiri; nilainya bagian dari penilaian Pemprov DKI Jakarta.",
        "ℹ️ Jakarta's administrative cities and regency are not assessed as separate local governments; their scores are part of the DKI Jakarta provincial assessment.",
    ),
    "lookup.group": (
        "ℹ️ Hasil ini dari pernyataan tentang sekelompok instansi (mis. \"seluruh pemda di provinsi ini zona hijau\"), bukan dari daftar yang menyebut nama instansi ini.",
        "ℹ️ This result comes from a statement about a group of bodies (e.g. \"all local governments in the province are green\"), not from a list naming this body.",
    ),
    "lookup.previous": ("Sebelumnya ({year}): {what}.", "Previously ({year}): {what}."),
    "lookup.change_up": ("naik {delta} poin", "up {delta} points"),
    "lookup.change_down": ("turun {delta} poin", "down {delta} points"),
    "lookup.change_disputed": (
        "selisih tidak dihitung karena sumber berbeda soal nilainya",
        "no change computed because sources disagree on the score",
    ),
    "lookup.change_same": ("nilai sama", "same score"),
    "lookup.zone_change": ("dari {old} ke {new}", "from {old} to {new}"),
    "lookup.zone_same": ("tetap di {zone}", "still in the {zone}"),
    "lookup.method_change": (
        "ℹ️ Metode berubah antara 2021 dan 2022 (tiga zona → lima opini, empat dimensi): perbandingan lintas periode ini hanya gambaran kasar.",
        "ℹ️ The method changed between 2021 and 2022 (three zones → five opinions, four dimensions): a comparison across that change is only a rough guide.",
    ),
    "lookup.opini_not_comparable": (
        "ℹ️ 2025 memakai instrumen baru (Opini Ombudsman, Penilaian Maladministrasi); angkanya tidak sebanding dengan 2021–2024, jadi tidak dihitung selisihnya.",
        "ℹ️ 2025 used a new instrument (Ombudsman Opinion, maladministration assessment); its numbers are not comparable with 2021–2024, so no change is computed.",
    ),
    "lookup.old_scale": (
        "ℹ️ Pada 2018–2019 polres dan kantor pertanahan dinilai dengan skala 0–110; tidak sebanding dengan tahun lain.",
        "ℹ️ In 2018–2019 police districts and land offices were scored on a 0–110 scale; not comparable with other years.",
    ),
    "lookup.rank_stated": ("Peringkat {rank} ({scope}; disebut sumber)", "Rank {rank} ({scope}; stated by the source)"),
    "lookup.rank_computed": (
        "Peringkat {rank} dari {of} kabupaten/kota di {province} (dihitung dari nilai seluruh anggota)",
        "Rank {rank} of {of} regencies/cities in {province} (computed from every member's score)",
    ),
    "lookup.rank_change_up": ("; {year}: peringkat {old}, naik {n}", "; {year}: rank {old}, up {n}"),
    "lookup.rank_change_down": ("; {year}: peringkat {old}, turun {n}", "; {year}: rank {old}, down {n}"),
    "lookup.rank_change_same": ("; {year}: peringkat sama", "; {year}: same rank"),
    "lookup.rank_unknown": (
        "Peringkat: tidak disebut sumber; data kami memuat nilai {have} dari {of} kabupaten/kota di {province}, jadi peringkat tidak dihitung.",
        "Rank: not stated by the sources; we hold scores for {have} of {of} regencies/cities in {province}, so no rank is computed.",
    ),
    "lookup.sources": ("Sumber: ", "Sources: "),
    "lookup.more_sources": (" (+{n} sumber lain)", " (+{n} more)"),
    "lookup.not_held": (
        "{name}: tidak ada penilaian kepatuhan pada 2020. Ombudsman menunda penilaian karena pandemi COVID-19; putaran berikutnya berlangsung 2021.",
        "{name}: there was no compliance assessment in 2020. The Ombudsman postponed it because of COVID-19; the next round ran in 2021.",
    ),
    "lookup.not_held_claim": (
        "ℹ️ Satu sumber menyebut nilai \"2020\" untuk instansi ini, tetapi kemungkinan itu hasil 2019: {source}",
        "ℹ️ One source gives a \"2020\" result for this body, but it is probably the 2019 result: {source}",
    ),
    "lookup.not_assessed": (
        "{name} tidak dinilai pada {year}.",
        "{name} was not assessed in {year}.",
    ),
    "lookup.no_data_year": (
        "Sumber kami tidak memuat hasil {name} untuk {year}.",
        "Our sources hold no {year} result for {name}.",
    ),
    "lookup.no_data_2025": (
        "Sumber kami tidak memuat hasil {name} untuk 2025. Pada 2025 Ombudsman memakai instrumen baru dan hanya menilai sekitar 310 instansi, jadi banyak pemda tidak dinilai; bisa juga sumber kami belum mencakupnya.",
        "Our sources hold no 2025 result for {name}. In 2025 the Ombudsman used a new instrument and assessed only about 310 bodies, so many local governments were not assessed; our sources may also simply not cover it.",
    ),
    "lookup.future": (
        "Hasil penilaian {year} belum terbit di sumber kami (hasil biasanya diumumkan Nov–Jan setelah tahun penilaian).",
        "No {year} results are in our sources yet (results are usually announced Nov–Jan after the assessment year).",
    ),
    "lookup.too_early": (
        "Data kami dimulai dari 2016; tidak ada hasil untuk {year}.",
        "Our data start in 2016; there is no result for {year}.",
    ),
    "lookup.available_years": ("Tahun yang tersedia: {years}.", "Years available: {years}."),
    "lookup.no_data": (
        "Sumber kami belum memuat hasil penilaian untuk {name}.",
        "Our sources hold no assessment result for {name} yet.",
    ),
    "lookup.unit_missing": (
        "Kami tidak punya data {kind} untuk \"{place}\".",
        "We have no {kind} data for \"{place}\".",
    ),
    "lookup.latest_note": (
        "(Tahun tidak disebut: ini hasil terbaru yang kami punya.)",
        "(No year given: this is the newest result we hold.)",
    ),
    "footer.report": (
        "Mengalami maladministrasi (pungli, pelayanan ditunda, ditolak dilayani)? Lapor gratis ke Ombudsman: call center 137 — ketik /lapor.",
        "Faced maladministration (illegal fees, delays, refused service)? Report it free to the Ombudsman: call centre 137 — type /lapor.",
    ),
    "ambiguous.ask": (
        "\"{text}\" bisa berarti beberapa instansi. Yang mana maksud Anda?",
        "\"{text}\" could mean several bodies. Which one do you mean?",
    ),
    "ambiguous.item": ("• {name}", "• {name}"),
    "ambiguous.hint": (
        "Tulis lebih lengkap, mis. \"{example}\".",
        "Please be more specific, e.g. \"{example}\".",
    ),
    "unknown.not_recognised": (
        "Maaf, saya tidak mengenali nama instansi di pesan itu.",
        "Sorry, I did not recognise an institution's name in that message.",
    ),
    "unknown.suggest": ("Mungkin maksud Anda:", "Did you mean:"),
    "unknown.examples": (
        "Contoh pertanyaan: \"zona apa Gunung Mas 2024?\", \"nilai Kota Palangka Raya 2023\", \"cara lapor pungli\".",
        "Try: \"what zone is Gunung Mas in 2024?\", \"Kota Palangka Raya 2023 score\", \"how do I report maladministration?\".",
    ),
    "unknown.empty": (
        "Pesannya kosong. Tulis nama pemda atau instansi, mis. \"zona Gunung Mas 2024\".",
        "The message is empty. Type a local government or agency, e.g. \"Gunung Mas 2024 zone\".",
    ),
    "greeting": (
        "Halo! Saya Tanya Kepatuhan. Saya menjawab hasil penilaian kepatuhan pelayanan publik Ombudsman RI (zona, nilai, peringkat) untuk kementerian, lembaga, provinsi, kabupaten, kota, polres dan kantor pertanahan, lengkap dengan sumbernya.",
        "Hello! I am Tanya Kepatuhan. I answer questions about the Ombudsman RI public-service compliance results (zone, score, rank) for ministries, agencies, provinces, regencies, cities, police districts and land offices, with their sources.",
    ),
    "help.title": ("Cara bertanya:", "How to ask:"),
    "help.body": (
        "• Tulis nama instansi dan tahun: \"zona apa Gunung Mas 2024?\", \"kab. Bandung 2023\", \"nilai polres HSS\"\n• Tanpa tahun, saya beri hasil terbaru.\n• \"cara lapor pungli\" untuk cara melapor maladministrasi.\n• \"apa itu zona kuning?\" untuk metode penilaian.",
        "• Name the body and a year: \"what zone is Gunung Mas in 2024?\", \"Bandung regency 2023\", \"Polres HSS score\"\n• Without a year you get the newest result.\n• \"how do I report maladministration?\" for how to complain.\n• \"what is the yellow zone?\" for the method.",
    ),
    "method.title": ("Cara Ombudsman menilai kepatuhan", "How the Ombudsman grades compliance"),
    "method.bands_2021": ("Rentang nilai 2021 (tiga zona):", "2021 score bands (three zones):"),
    "method.bands_2022": ("Rentang nilai 2022–2024 (lima opini, kategori A–E):", "2022–2024 score bands (five opinions, categories A–E):"),
    "method.band": ("• {zone} — {opinion}: {lo}–{hi} ({confidence})", "• {zone} — {opinion}: {lo}–{hi} ({confidence})"),
    "method.band_cat": ("• {cat}: {opinion}, {zone}: {lo}–{hi} ({confidence})", "• {cat}: {opinion}, {zone}: {lo}–{hi} ({confidence})"),
    "method.confidence.two sources": ("dua sumber", "two sources"),
    "method.confidence.one source": ("satu sumber", "one source"),
    "method.confidence.one source (lower bound inferred)": ("satu sumber, batas bawah disimpulkan", "one source, lower bound inferred"),
    "method.2020": (
        "Tidak ada penilaian pada 2020 (ditunda karena COVID-19).",
        "There was no assessment in 2020 (postponed because of COVID-19).",
    ),
    "method.2025": (
        "Mulai 2025 Ombudsman memakai instrumen baru, \"Opini Ombudsman\" (Penilaian Maladministrasi), dengan label seperti \"Kualitas Tertinggi Tanpa Maladministrasi\"; tidak sebanding dengan 2021–2024.",
        "From 2025 the Ombudsman uses a new instrument, the \"Ombudsman Opinion\" (maladministration assessment), with labels such as \"Highest Quality Without Maladministration\"; not comparable with 2021–2024.",
    ),
    "error.generic": (
        "Maaf, terjadi kesalahan saat menyiapkan jawaban. Coba lagi sebentar lagi.",
        "Sorry, something went wrong while preparing the answer. Please try again shortly.",
    ),
    "later.feature": (
        "Jenis pertanyaan ini (perbandingan, peringkat, tren, rekap) sedang disiapkan. Sementara ini, berikut hasil per instansi:",
        "This kind of question (comparisons, rankings, trends, overviews) is coming soon. Meanwhile, here are the results per body:",
    ),
    "console.banner": (
        "Tanya Kepatuhan — konsol. Tulis pertanyaan lalu Enter; /quit untuk keluar.",
        "Tanya Kepatuhan — console. Type a question and press Enter; /quit to leave.",
    ),
    # --- end core answers -------------------------------------------------
    # --- reporting ----------------------------------------------------
    # Templates for knowledge.reporting; the facts themselves live in data/facts.json.
    "report.urgent": (
        "DARURAT? {label}: {explanation} {notes} Saat menghubungi Ombudsman, katakan sejak "
        "awal bahwa kasus Anda mendesak. Jika nyawa terancam saat ini, cari pertolongan medis "
        "atau darurat terdekat lebih dulu.",
        "EMERGENCY? {label}: {explanation} {notes} When you contact the Ombudsman, say at the "
        "start that your case is urgent. If a life is at risk right now, get the nearest "
        "medical or emergency help first.",
    ),
    "report.title": (
        "Cara melapor maladministrasi ke Ombudsman RI",
        "How to report maladministration to Ombudsman RI",
    ),
    "report.form": (
        'Masalah Anda tampaknya termasuk "{name}": {explanation} Contoh: {example}',
        'Your problem looks like "{name}": {explanation} Example: {example}',
    ),
    "report.step_agency": (
        "1. Adukan dulu ke instansinya",
        "1. First complain to the agency itself",
    ),
    "report.step_channels": (
        "2. Lalu laporkan ke Ombudsman RI",
        "2. Then report to Ombudsman RI",
    ),
    "report.channel_line": ("• {label}: {value}", "• {label}: {value}"),
    "report.channel_offices": (
        "• {label}: daftar kantor di {url}",
        "• {label}: office list at {url}",
    ),
    "report.step_needs": ("3. Yang perlu disiapkan", "3. What your report needs"),
    "report.bullet": ("• {text}", "• {text}"),
    "report.not_handled": ("Perlu diketahui: {text}", "Good to know: {text}"),
    "report.step_office": (
        "4. Kantor perwakilan {province} (data tahun {year})",
        "4. Provincial office for {province} (data from {year})",
    ),
    "report.office_served_by": (
        "{province} dilayani oleh kantor perwakilan {office}.",
        "{province} is served by the {office} office.",
    ),
    "report.office_address": ("Alamat: {address}", "Address: {address}"),
    "report.office_address_partial": (
        "Alamat: {address} (alamat lengkap tidak tercantum di sumber)",
        "Address: {address} (full address not given in the sources)",
    ),
    "report.office_phone": ("Telepon: {number}", "Phone: {number}"),
    "report.office_whatsapp": ("WhatsApp: {number}", "WhatsApp: {number}"),
    "report.office_phone_whatsapp": ("Telepon/WhatsApp: {number}", "Phone/WhatsApp: {number}"),
    "report.office_email": ("Email: {email}", "Email: {email}"),
    "report.office_notes": ("Catatan: {notes}", "Note: {notes}"),
    "report.office_check": (
        "Alamat dan nomor kantor bisa berubah; cek data terbaru di {url}",
        "Offices move and numbers change; check the latest details at {url}",
    ),
    "report.office_none_heading": (
        "4. Kantor perwakilan {province}",
        "4. Provincial office for {province}",
    ),
    "report.office_none": (
        "Kami belum punya kontak terverifikasi untuk kantor perwakilan Ombudsman di {province}. "
        "Silakan pakai kanal nasional: call center {call_center}, WhatsApp {whatsapp}, atau "
        "email {email}. Daftar kantor resmi: {url}",
        "We have no verified contact for the Ombudsman office in {province}. Please use the "
        "national channels: call centre {call_center}, WhatsApp {whatsapp} or email {email}. "
        "Official office list: {url}",
    ),
    "report.office_any_heading": (
        "4. Kantor perwakilan di provinsi Anda",
        "4. The office in your province",
    ),
    "report.office_any": (
        "{explanation} Sebutkan provinsi Anda untuk melihat kontak yang kami punya.\n"
        "Daftar kantor: {url}",
        "{explanation} Tell us your province to see the contact we have.\nOffice list: {url}",
    ),
    "report.sources": ("Sumber:", "Sources:"),
    "report.source_line": ("- {url}", "- {url}"),
    # --- end reporting --------------------------------------------------
    # --- analysis ---
    # --- end analysis ---
    # --- broadcast ---
    # --- end broadcast ---
    # --- guided report ---
    # --- end guided report ---
    # --- bot ------------------------------------------------------------
    # Telegram bot (handlers/): commands, buttons, manners. Shown as Telegram HTML, escaped.
    "bot.cmd.start": ("Mulai dan contoh pertanyaan", "Start and example questions"),
    "bot.cmd.help": ("Cara bertanya", "How to ask"),
    "bot.cmd.zona": ("Hasil sebuah instansi: /zona <nama> [tahun]", "A body's result: /zona <name> [year]"),
    "bot.cmd.lapor": ("Cara melapor maladministrasi ke Ombudsman", "How to report maladministration to the Ombudsman"),
    "bot.cmd.sumber": ("Sumber data, cakupan dan hasil terbaru", "Where the data come from, coverage, newest results"),
    "bot.cmd.bahasa": ("Ganti bahasa (Indonesia/English)", "Change language (Indonesia/English)"),
    "bot.cmd.tentang": ("Metode penilaian, 2020, perubahan 2025", "The method, 2020, what changed in 2025"),
    "bot.commands": (
        "Perintah:\n/zona <nama> [tahun] — hasil sebuah instansi\n/lapor — cara melapor maladministrasi\n/sumber — sumber data, cakupan, hasil terbaru\n/tentang — metode penilaian\n/bahasa — ganti bahasa (Indonesia/English)\n/help — cara bertanya",
        "Commands:\n/zona <name> [year] — a body's result\n/lapor — how to report maladministration\n/sumber — data sources, coverage, newest results\n/tentang — the assessment method\n/bahasa — change language (Indonesia/English)\n/help — how to ask",
    ),
    "bot.zona_usage": (
        "Tulis nama instansi setelah /zona, mis. /zona Gunung Mas 2024",
        "Put a body's name after /zona, e.g. /zona Gunung Mas 2024",
    ),
    "bot.btn.year": ("📅 {year}", "📅 {year}"),
    "bot.btn.previous": ("◀ {year}", "◀ {year}"),
    "bot.btn.report": ("📣 Cara melapor", "📣 How to report"),
    "bot.btn.lang_id": ("🇮🇩 Bahasa Indonesia", "🇮🇩 Bahasa Indonesia"),
    "bot.btn.lang_en": ("🇬🇧 English", "🇬🇧 English"),
    "bot.lang.ask": ("Pilih bahasa jawaban:", "Choose the language for answers:"),
    "bot.lang.set": ("Baik, saya akan menjawab dalam Bahasa Indonesia.", "OK, I will answer in English."),
    "bot.flood": (
        "Pelan-pelan ya 🙏 Anda mengirim banyak pesan dalam waktu singkat. Tunggu sekitar {seconds} detik, lalu kirim lagi pertanyaan Anda.",
        "Please slow down 🙏 You sent many messages in a short time. Wait about {seconds} seconds, then send your question again.",
    ),
    "bot.error": (
        "Maaf, terjadi gangguan saat memproses pesan Anda. Kesalahan sudah kami catat; silakan coba lagi sebentar lagi.",
        "Sorry, something went wrong while handling your message. We have logged it; please try again shortly.",
    ),
    "bot.button_expired": (
        "Tombol ini sudah tidak berlaku. Silakan ketik pertanyaan Anda lagi.",
        "This button no longer works. Please type your question again.",
    ),
    "bot.long_message": (
        "Pesan Anda panjang ({length} karakter); saya hanya membaca {limit} karakter pertama.",
        "Your message is long ({length} characters); I only read the first {limit}.",
    ),
    "bot.non_text": (
        "Saya hanya bisa membaca pesan teks. Tulis nama instansi dan tahun, mis. \"zona Gunung Mas 2024\".",
        "I can only read text messages. Type a body and a year, e.g. \"Gunung Mas 2024 zone\".",
    ),
    "bot.unknown_command": ("Perintah itu tidak saya kenal.", "I don't know that command."),
    "bot.report_fallback": (
        "Lapor maladministrasi (pungli, pelayanan ditunda, ditolak dilayani) gratis ke Ombudsman RI:\n• Call center: 137\n• WhatsApp (pusat): 0821-3737-3737\n• Email (pusat): pengaduan@ombudsman.go.id\n• Formulir web: ombudsman.go.id/pengaduan\n• Daftar kantor perwakilan: ombudsman.go.id/perwakilan",
        "Report maladministration (illegal fees, delays, refused service) free to Ombudsman RI:\n• Call centre: 137\n• WhatsApp (head office): 0821-3737-3737\n• Email (head office): pengaduan@ombudsman.go.id\n• Web form: ombudsman.go.id/pengaduan\n• Provincial offices: ombudsman.go.id/perwakilan",
    ),
    "bot.sumber.title": ("Dari mana datanya", "Where the data come from"),
    "bot.sumber.origin": (
        "Hasil dihimpun dari halaman publik: siaran pers ombudsman.go.id, situs pemerintah daerah dan media berita. Setiap jawaban menautkan sumbernya; bila sumber berbeda pendapat, semua nilainya ditampilkan.",
        "Results are compiled from public pages: ombudsman.go.id press releases, local-government sites and news media. Every answer links its sources; when sources disagree, every value is shown.",
    ),
    "bot.sumber.coverage": (
        "Cakupan: {results} catatan hasil tentang {bodies} instansi, dari {sources} halaman sumber, tahun {first}–{last}.",
        "Coverage: {results} result records about {bodies} bodies, from {sources} source pages, {first}–{last}.",
    ),
    "bot.sumber.newest": (
        "Hasil terbaru: putaran {year} (siaran pers Ombudsman RI, {date}): ",
        "Newest results: the {year} round (Ombudsman RI press release, {date}): ",
    ),
    "bot.sumber.newest_year": ("Hasil terbaru: putaran {year}.", "Newest results: the {year} round."),
    "bot.sumber.not_official": (
        "Tanya Kepatuhan bukan layanan resmi Ombudsman RI; untuk keperluan penting, periksa sumber aslinya.",
        "Tanya Kepatuhan is not an official Ombudsman RI service; for anything important, check the original source.",
    ),
    "bot.months": (
        "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
        "January February March April May June July August September October November December",
    ),
    "bot.about.intro": (
        "Tanya Kepatuhan menjawab dari hasil penilaian Ombudsman RI yang dipublikasikan (sumbernya: /sumber). Ini bukan layanan resmi Ombudsman RI.",
        "Tanya Kepatuhan answers from the Ombudsman RI results that have been published (sources: /sumber). It is not an official Ombudsman RI service.",
    ),
    "bot.inline.help": ("Cara bertanya", "How to ask"),
    "bot.inline.open": ("Tidak ketemu? Tanya langsung di bot", "Nothing found? Ask the bot directly"),
    # --- end bot --------------------------------------------------------
}


def normalise_lang(lang: str | None) -> str:
    """Map a Telegram language code ("en-US", "id") to a catalogue language."""
    if lang and lang.lower().startswith("en"):
        return "en"
    return DEFAULT_LANG


def t(key: str, lang: str | None = DEFAULT_LANG, /, **fields: object) -> str:
    """Look up ``key`` in ``lang`` and fill its fields.

    A missing key is a programming error and raises ``KeyError`` so tests catch it.
    """
    pair = MESSAGES[key]
    text = pair[1] if normalise_lang(lang) == "en" else pair[0]
    return text.format(**fields) if fields else text
