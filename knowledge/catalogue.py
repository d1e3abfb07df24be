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
    "scope.nasional_kementerian": (
        "nasional, di antara kementerian",
        "nationally, among ministries",
    ),
    "scope.nasional_lembaga": ("nasional, di antara lembaga", "nationally, among agencies"),
    "scope.provinsi": (
        "di antara pemda se-{province}",
        "among the local governments of {province}",
    ),
    "scope.other": ("lingkup khusus, lihat sumber", "a specific scope, see the source"),
    "lookup.province_suffix": (", {province}", ", {province}"),
    "lookup.year": ("Tahun {year}: ", "{year}: "),
    "lookup.score": ("nilai {score}", "score {score}"),
    "lookup.no_score": ("nilai tidak disebut sumber", "score not stated by the source"),
    "lookup.label_2025": ("{instrument} {year}: {label}", "{year} {instrument}: {label}"),
    "lookup.opinion_only": ("opini {opinion}", "opinion: {opinion}"),
    "lookup.disagree": ("⚠️ Sumber berbeda pendapat: {values}.", "⚠️ Sources disagree: {values}."),
    "lookup.disagree_item": ("{value} ({sources})", "{value} ({sources})"),
    "lookup.contested": (
        "⚠️ Sumber lain menyebut instansi ini tidak dinilai tahun itu: {source}",
        "⚠️ Another source says this body was not assessed that year: {source}",
    ),
    "lookup.administrative": (
        "ℹ️ Kota/kabupaten administrasi di DKI Jakarta tidak dinilai sebagai pemda tersendiri; nilainya bagian dari penilaian Pemprov DKI Jakarta.",
        "ℹ️ Jakarta's administrative cities and regency are not assessed as separate local governments; their scores are part of the DKI Jakarta provincial assessment.",
    ),
    "lookup.group_fields": (
        'ℹ️ Bagian ini ({fields}) berasal dari pernyataan tentang sekelompok instansi (mis. "seluruh kota di provinsi ini kualitas tertinggi"), bukan dari sumber yang menyebut nama instansi ini.',
        'ℹ️ This part ({fields}) comes from a statement about a group of bodies (e.g. "all cities in the province have the highest quality"), not from a source naming this body.',
    ),
    "lookup.field.score": ("nilai", "score"),
    "lookup.field.zone": ("zona", "zone"),
    "lookup.field.opinion": ("opini", "opinion"),
    "lookup.field.label": ("label opini", "opinion label"),
    "lookup.group": (
        'ℹ️ Hasil ini dari pernyataan tentang sekelompok instansi (mis. "seluruh pemda di provinsi ini zona hijau"), bukan dari daftar yang menyebut nama instansi ini.',
        'ℹ️ This result comes from a statement about a group of bodies (e.g. "all local governments in the province are green"), not from a list naming this body.',
    ),
    "lookup.previous": (
        "Hasil sebelumnya di data kami ({year}): {what}.",
        "Previous result in our data ({year}): {what}.",
    ),
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
    "lookup.old_rounds": (
        "ℹ️ Batas zona dan bobot penilaian sebelum 2021 tidak terverifikasi di sumber kami (2021 juga mengubah bobotnya): perbandingan dengan tahun itu hanya gambaran kasar.",
        "ℹ️ The zone cut-offs and weighting before 2021 are not verified in our sources (2021 also changed the weighting): a comparison with those years is only a rough guide.",
    ),
    "lookup.opini_not_comparable": (
        "ℹ️ {year} memakai instrumen {instrument}, {other_year} memakai {other}: hasilnya tidak sebanding, jadi selisih nilai, zona dan peringkat tidak dihitung.",
        "ℹ️ {year} used the {instrument} instrument and {other_year} used {other}: the results are not comparable, so no change in score, zone or rank is computed.",
    ),
    "lookup.old_scale": (
        "ℹ️ Pada 2018–2019 polres dan kantor pertanahan dinilai dengan skala 0–110; tidak sebanding dengan tahun lain.",
        "ℹ️ In 2018–2019 police districts and land offices were scored on a 0–110 scale; not comparable with other years.",
    ),
    "lookup.rank_stated_other": (
        "Peringkat {rank} menurut sumber, dalam kelompok yang dijelaskan di sumber itu",
        "Rank {rank} according to the source, within a group that source describes",
    ),
    "lookup.rank_stated": (
        "Peringkat {rank} ({scope}; disebut sumber)",
        "Rank {rank} ({scope}; stated by the source)",
    ),
    "lookup.rank_computed": (
        "Peringkat {rank} dari {of} kabupaten/kota di {province} (dihitung dari nilai seluruh anggota)",
        "Rank {rank} of {of} regencies/cities in {province} (computed from every member's score)",
    ),
    "lookup.rank_change_up": (
        "; {year}: peringkat {old}, naik {n}",
        "; {year}: rank {old}, up {n}",
    ),
    "lookup.rank_change_down": (
        "; {year}: peringkat {old}, turun {n}",
        "; {year}: rank {old}, down {n}",
    ),
    "lookup.rank_change_same": ("; {year}: peringkat sama", "; {year}: same rank"),
    "lookup.split_province": (
        "ℹ️ Provinsi di Papua dimekarkan pada 2022; peringkat ini dihitung dengan batas wilayah sekarang, bukan batas pada tahun itu.",
        "ℹ️ Papua's provinces were split in 2022; this rank uses today's boundaries, not those of that year.",
    ),
    "lookup.rank_unknown_disputed": (
        "Peringkat: tidak disebut sumber; semua {of} kabupaten/kota di {province} punya nilai di data kami, tetapi ada nilai yang diperselisihkan sumber atau hanya berasal dari pernyataan kelompok, jadi peringkat tidak dihitung.",
        "Rank: not stated by the sources; all {of} regencies/cities in {province} have a score in our data, but some scores are disputed by the sources or come only from a group statement, so no rank is computed.",
    ),
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
        'ℹ️ Satu sumber menyebut nilai "2020" untuk instansi ini, tetapi kemungkinan itu hasil 2019: {source}',
        'ℹ️ One source gives a "2020" result for this body, but it is probably the 2019 result: {source}',
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
        "Sumber kami tidak memuat hasil {name} untuk {year}. Pada {year} Ombudsman memakai instrumen {instrument} dan hanya menilai sekitar {n} instansi, jadi banyak pemda tidak dinilai; bisa juga sumber kami belum mencakupnya.",
        "Our sources hold no {year} result for {name}. In {year} the Ombudsman used the {instrument} instrument and assessed only about {n} bodies, so many local governments were not assessed; our sources may also simply not cover it.",
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
        'Kami tidak punya data {kind} untuk "{place}".',
        'We have no {kind} data for "{place}".',
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
        '"{text}" bisa berarti beberapa instansi. Yang mana maksud Anda?',
        '"{text}" could mean several bodies. Which one do you mean?',
    ),
    "ambiguous.item": ("• {name}", "• {name}"),
    "ambiguous.hint": (
        'Tulis lebih lengkap, mis. "{example}".',
        'Please be more specific, e.g. "{example}".',
    ),
    "unknown.not_recognised": (
        "Maaf, saya tidak mengenali nama instansi di pesan itu.",
        "Sorry, I did not recognise an institution's name in that message.",
    ),
    "unknown.suggest": ("Mungkin maksud Anda:", "Did you mean:"),
    "unknown.examples": (
        'Contoh pertanyaan: "zona apa Gunung Mas 2024?", "nilai Kota Palangka Raya 2023", "cara lapor pungli".',
        'Try: "what zone is Gunung Mas in 2024?", "Kota Palangka Raya 2023 score", "how do I report maladministration?".',
    ),
    "unknown.empty": (
        'Pesannya kosong. Tulis nama pemda atau instansi, mis. "zona Gunung Mas 2024".',
        'The message is empty. Type a local government or agency, e.g. "Gunung Mas 2024 zone".',
    ),
    "greeting": (
        "Halo! Saya Tanya Kepatuhan. Saya menjawab hasil penilaian kepatuhan pelayanan publik Ombudsman RI (zona, nilai, peringkat) untuk kementerian, lembaga, provinsi, kabupaten, kota, polres dan kantor pertanahan, lengkap dengan sumbernya.",
        "Hello! I am Tanya Kepatuhan. I answer questions about the Ombudsman RI public-service compliance results (zone, score, rank) for ministries, agencies, provinces, regencies, cities, police districts and land offices, with their sources.",
    ),
    "help.title": ("Cara bertanya:", "How to ask:"),
    "help.body": (
        '• Tulis nama instansi dan tahun: "zona apa Gunung Mas 2024?", "kab. Bandung 2023", "nilai polres HSS"\n• Tanpa tahun, saya beri hasil terbaru.\n• "cara lapor pungli" untuk cara melapor maladministrasi.\n• "apa itu zona kuning?" untuk metode penilaian.\n• /langganan <nama> untuk kabar hasil baru; /hapusdata menghapus semua data Anda.',
        '• Name the body and a year: "what zone is Gunung Mas in 2024?", "Bandung regency 2023", "Polres HSS score"\n• Without a year you get the newest result.\n• "how do I report maladministration?" for how to complain.\n• "what is the yellow zone?" for the method.\n• /langganan <name> to hear about new results; /hapusdata deletes all your data.',
    ),
    "method.title": ("Cara Ombudsman menilai kepatuhan", "How the Ombudsman grades compliance"),
    "method.bands_2021": ("Rentang nilai 2021 (tiga zona):", "2021 score bands (three zones):"),
    "method.bands_2022": (
        "Rentang nilai 2022–2024 (lima opini, kategori A–E):",
        "2022–2024 score bands (five opinions, categories A–E):",
    ),
    "method.band": (
        "• {zone} — {opinion}: {lo}–{hi} ({confidence})",
        "• {zone} — {opinion}: {lo}–{hi} ({confidence})",
    ),
    "method.band_cat": (
        "• {cat}: {opinion}, {zone}: {lo}–{hi} ({confidence})",
        "• {cat}: {opinion}, {zone}: {lo}–{hi} ({confidence})",
    ),
    "method.confidence.two sources": ("dua sumber", "two sources"),
    "method.confidence.one source": ("satu sumber", "one source"),
    "method.confidence.one source (lower bound inferred)": (
        "satu sumber, batas bawah disimpulkan",
        "one source, lower bound inferred",
    ),
    "method.2020": (
        "Tidak ada penilaian pada 2020 (ditunda karena COVID-19).",
        "There was no assessment in 2020 (postponed because of COVID-19).",
    ),
    "method.2025": (
        'Mulai 2025 Ombudsman memakai instrumen baru, "Opini Ombudsman" (Penilaian Maladministrasi), dengan label seperti "Kualitas Tertinggi Tanpa Maladministrasi"; tidak sebanding dengan 2021–2024.',
        'From 2025 the Ombudsman uses a new instrument, the "Ombudsman Opinion" (maladministration assessment), with labels such as "Highest Quality Without Maladministration"; not comparable with 2021–2024.',
    ),
    "error.generic": (
        "Maaf, terjadi kesalahan saat menyiapkan jawaban. Coba lagi sebentar lagi.",
        "Sorry, something went wrong while preparing the answer. Please try again shortly.",
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
    # Lists about many bodies (knowledge/overview, ranking, compare, trend, national,
    # methodology, chart). Numbers are passed already formatted.
    "an.help": (
        '• Rekap satu provinsi: "zona kabupaten di Kalteng 2024"\n• Peringkat: "5 terbaik Jatim 2023", "provinsi terbaik 2024"\n• Bandingkan: "bandingkan Kotim dan Kobar"; tren dan grafik: "tren Gunung Mas"\n• Angka nasional: "berapa yang zona merah tahun 2022?"',
        '• One province: "regencies in Central Kalimantan 2024"\n• Rankings: "top 5 East Java 2023", "best provinces 2024"\n• Compare: "compare Kotim and Kobar"; trend and chart: "trend Gunung Mas"\n• National figures: "how many were in the red zone in 2022?"',
    ),
    "an.action.overview": ("📋 Rekap {province} {year}", "📋 {province} overview {year}"),
    "an.action.trend": ("📈 Tren", "📈 Trend"),
    "an.action.trend_of": ("📈 Tren {name}", "📈 Trend: {name}"),
    "an.action.compare": ("⚖️ Bandingkan", "⚖️ Compare"),
    "an.status.not_held": ("tidak ada penilaian (COVID-19)", "no assessment (COVID-19)"),
    "an.status.not_assessed": (
        "tidak dinilai (menurut sumber)",
        "not assessed (according to the sources)",
    ),
    "an.status.no_data": ("tidak ada di sumber kami", "not in our sources"),
    "an.status.no_data_2025": (
        "tidak ada di sumber {year} kami (pada {year} hanya sekitar {n} instansi dinilai)",
        "not in our {year} sources (only about {n} bodies were assessed in {year})",
    ),
    "an.label_2025": ("{word} {year}: {label}", "{year} {word}: {label}"),
    "an.other_values": ("(sumber lain: {values})", "(other sources: {values})"),
    "an.rank_stated_short": (
        "peringkat {rank} (disebut sumber)",
        "rank {rank} (stated by the source)",
    ),
    "an.scale_110": ("(skala 0–110)", "(0–110 scale)"),
    "an.rank_stated_scope": (
        "peringkat {rank} ({scope}; disebut sumber)",
        "rank {rank} ({scope}; stated by the source)",
    ),
    "an.rank_computed_short": (
        "peringkat {rank} dari {of} se-provinsi (dihitung)",
        "rank {rank} of {of} in the province (computed)",
    ),
    "an.mark_disputed": (
        "⚠️ = sumber berbeda pendapat soal hasilnya; tanyakan nama instansinya untuk melihat semua nilai dan sumbernya.",
        "⚠️ = sources disagree about the result; ask for that body by name to see every value and its sources.",
    ),
    "an.mark_group": (
        'ℹ️ = hasil dari pernyataan tentang sekelompok instansi (mis. "seluruh pemda zona hijau"), bukan dari daftar yang menyebut namanya.',
        'ℹ️ = result from a statement about a group of bodies (e.g. "all local governments are green"), not from a list naming the body.',
    ),
    "an.shortened": (
        "… dan {n} lainnya (daftar dipersingkat agar muat dalam satu pesan).",
        "… and {n} more (list shortened to fit in one message).",
    ),
    "an.not_held": (
        "Tidak ada penilaian kepatuhan pada 2020: Ombudsman menundanya karena pandemi COVID-19.",
        "There was no compliance assessment in 2020: the Ombudsman postponed it because of COVID-19.",
    ),
    "an.note_2025": (
        "ℹ️ {year} memakai instrumen {instrument}{no_zones}; hasilnya tidak sebanding dengan {others}.",
        "ℹ️ {year} used the {instrument} instrument{no_zones}; its results are not comparable with {others}.",
    ),
    "an.split_province": (
        "ℹ️ Provinsi di Papua dimekarkan pada 2022; daftar ini memakai batas wilayah sekarang, bukan batas pada tahun itu.",
        "ℹ️ Papua's provinces were split in 2022; this list uses today's boundaries, not those of that year.",
    ),
    "an.kinds.provinsi": ("provinsi", "provinces"),
    "an.kinds.kabupaten": ("kabupaten", "regencies"),
    "an.kinds.kota": ("kota", "cities"),
    "an.kinds.kementerian": ("kementerian", "ministries"),
    "an.kinds.lembaga": ("lembaga", "agencies"),
    "an.kinds.polres": ("polres", "police districts"),
    "an.kinds.polda": ("polda", "regional police"),
    "an.kinds.kantor_pertanahan": ("kantor pertanahan", "land offices"),
    "an.kinds.kanwil_bpn": ("kanwil BPN", "regional land offices"),
    "an.kinds.other": ("instansi lain", "other bodies"),
    "an.rank.year_hint": (
        'Untuk nilai {year} (instrumen lama) tulis tahunnya, mis. "... terbaik {year}".',
        'For {year} scores (the earlier instrument) add the year, e.g. "best ... {year}".',
    ),
    "an.overview.title": (
        "Rekap kabupaten/kota — {province}, {year}",
        "Regencies and cities — {province}, {year}",
    ),
    "an.overview.pemprov": ("Pemprov: ", "Provincial government: "),
    "an.overview.no_members": (
        "Sebelum 2025, kota/kabupaten administrasi di {province} tidak dinilai sebagai pemda tersendiri; nilainya bagian dari penilaian pemprov.",
        "Before 2025, the administrative cities and regency of {province} were not assessed as local governments of their own; they are part of the provincial assessment.",
    ),
    "an.overview.complete": (
        "Sumber kami memuat hasil seluruh {n} {kinds}.",
        "Our sources hold a result for all {n} {kinds}.",
    ),
    "an.overview.partial": (
        "Daftar tidak lengkap: sumber kami memuat hasil {have} dari {n} {kinds}; {missing} lainnya tidak ada di sumber kami.",
        "Incomplete list: our sources hold a result for {have} of {n} {kinds}; the other {missing} are not in our sources.",
    ),
    "an.overview.partial_2025": (
        "Sumber {year} kami memuat hasil {have} dari {n} {kinds}. Pada {year} hanya sekitar {about} instansi dinilai, jadi banyak pemda memang tidak dinilai; sebagian mungkin juga belum ada di sumber kami.",
        "Our {year} sources hold a result for {have} of {n} {kinds}. Only about {about} bodies were assessed in {year}, so many local governments were not assessed; some may also be missing from our sources.",
    ),
    "an.overview.scores": (
        "Nilai angka disebut sumber untuk {scored} dari {have} itu; sisanya hanya zona/opini.",
        "A numeric score is published for {scored} of those {have}; the rest have only a zone or opinion.",
    ),
    "an.overview.no_scores": (
        "Sumber tidak menyebut nilai angka untuk kabupaten/kota ini; hanya zona/opini.",
        "The sources give no numeric scores for these regencies/cities; only zones/opinions.",
    ),
    "an.overview.zones_full": ("Zona: {counts}", "Zones: {counts}"),
    "an.overview.zones_part": (
        "Zona (dari {k} yang zonanya ada di sumber kami): {counts}",
        "Zones (of the {k} whose zone is in our sources): {counts}",
    ),
    "an.overview.opinions_full": ("Opini: {counts}", "Opinions: {counts}"),
    "an.overview.opinions_part": (
        "Opini (dari {k} yang opininya ada di sumber kami): {counts}",
        "Opinions (of the {k} whose opinion is in our sources): {counts}",
    ),
    "an.overview.labels": (
        "{word} {year} yang tercatat: {counts}",
        "{year} {word}s recorded: {counts}",
    ),
    "an.overview.rank_computed": (
        "Nomor urut = peringkat yang dihitung dari nilai seluruh {n} {kinds} (nilai sama berbagi peringkat).",
        "Numbers = ranks computed from the scores of all {n} {kinds} (equal scores share a rank).",
    ),
    "an.overview.rank_stated": (
        "Peringkat hanya yang disebut sumber (di antara pemda se-{province}); yang lain tidak dihitung karena nilainya tidak lengkap.",
        "Ranks only where a source states one (among the local governments of {province}); no others are computed because the scores are incomplete.",
    ),
    "an.overview.rank_none": (
        "Peringkat tidak dihitung: nilai hanya ada untuk {scored} dari {n}.",
        "No ranks computed: scores exist for only {scored} of {n}.",
    ),
    "an.overview.not_assessed": (
        "Tidak dinilai menurut sumber ({n}): {names}",
        "Not assessed according to the sources ({n}): {names}",
    ),
    "an.overview.missing": (
        "Tidak ada di sumber kami ({n}): {names}",
        "Not in our sources ({n}): {names}",
    ),
    "an.overview.missing_count": (
        "Tidak ada di sumber kami: {n} lainnya (nama tidak dicantumkan agar muat dalam satu pesan).",
        "Not in our sources: {n} more (names left out to fit in one message).",
    ),
    "an.overview.missing_2025": (
        "Tidak ada di sumber {year} kami ({n}): {names}",
        "Not in our {year} sources ({n}): {names}",
    ),
    "an.overview.missing_2025_count": (
        "Tidak ada di sumber {year} kami: {n} lainnya.",
        "Not in our {year} sources: {n} more.",
    ),
    "an.rank.title_best": ("{kinds} terbaik {where}, {year}", "Best {kinds} {where}, {year}"),
    "an.rank.title_worst": (
        "{kinds} dengan nilai terendah {where}, {year}",
        "Lowest-scoring {kinds} {where}, {year}",
    ),
    "an.rank.in_province": ("di {province}", "in {province}"),
    "an.rank.national": ("secara nasional", "nationally"),
    "an.rank.kind_hint": (
        'ℹ️ Jenis instansi tidak disebut, jadi ini provinsi. Bisa juga: kabupaten, kota, kementerian, lembaga (mis. "kota terbaik 2023").',
        'ℹ️ No kind of body given, so these are provinces. Also possible: regencies, cities, ministries, agencies (e.g. "best cities 2023").',
    ),
    "an.rank.no_data": (
        "Sumber kami belum memuat hasil untuk daftar ini.",
        "Our sources hold no results for this list yet.",
    ),
    "an.rank.complete": (
        "Daftar lengkap: sumber kami memuat nilai seluruh {n} {kinds}, jadi peringkat dihitung dari nilai (nilai sama berbagi peringkat).",
        "Complete list: our sources hold the scores of all {n} {kinds}, so ranks are computed from the scores (equal scores share a rank).",
    ),
    "an.rank.stated_differs": (
        "(sumber menyebut peringkat {rank})",
        "(a source states rank {rank})",
    ),
    "an.rank.differs_note": (
        "ℹ️ Peringkat yang disebut sumber bisa berbeda karena dihitung di antara semua pemda, termasuk pemprov.",
        "ℹ️ A rank stated by a source can differ because it was counted among all local governments, the provincial one included.",
    ),
    "an.rank.more": ("… dan {n} lainnya.", "… and {n} more."),
    "an.rank.partial": (
        "Dari data yang tersedia, bukan peringkat lengkap: sumber kami memuat nilai {have} dari {of} {kinds} ({missing} tidak ada), jadi urutan di bawah hanya di antara yang ada.",
        "From the data available, not a complete ranking: our sources hold scores for {have} of {of} {kinds} ({missing} missing), so the order below is only among those.",
    ),
    "an.rank.partial_unknown": (
        "Dari data yang tersedia, bukan peringkat lengkap: sumber kami memuat nilai {have} {kinds}, dan jumlah yang dinilai tidak kami ketahui.",
        "From the data available, not a complete ranking: our sources hold scores for {have} {kinds}, and we do not know how many were assessed.",
    ),
    "an.rank.stated_head": ("Peringkat yang disebut sumber:", "Ranks stated by the sources:"),
    "an.rank.stated_prefix": ("Peringkat {rank}: ", "Rank {rank}: "),
    "an.rank.score_head": (
        "Menurut nilai, dari data yang tersedia (tanpa nomor peringkat):",
        "By score, from the data available (no rank numbers):",
    ),
    "an.rank.score_head_worst": (
        "Nilai terendah, dari data yang tersedia (tanpa nomor peringkat):",
        "Lowest scores, from the data available (no rank numbers):",
    ),
    "an.rank.no_scores": (
        "Sumber kami tidak memuat nilai angka, jadi tidak ada urutan; yang ada hanya zona/opini untuk {n} dari {of} {kinds}.",
        "Our sources hold no numeric scores, so there is no order; only zones/opinions for {n} of {of} {kinds}.",
    ),
    "an.rank.no_scores_unknown": (
        "Sumber kami tidak memuat nilai angka, jadi tidak ada urutan; yang ada hanya zona/opini untuk {n} {kinds}.",
        "Our sources hold no numeric scores, so there is no order; only zones/opinions for {n} {kinds}.",
    ),
    "an.rank.group_best": (
        "Hasil terbaik yang tercatat ({what}): {names}",
        "Best result recorded ({what}): {names}",
    ),
    "an.rank.group_worst": (
        "Hasil terendah yang tercatat ({what}): {names}",
        "Lowest result recorded ({what}): {names}",
    ),
    "an.rank.nothing": (
        "Sumber kami tidak memuat hasil untuk tahun itu.",
        "Our sources hold no results for that year.",
    ),
    "an.change.instrument": (
        "tidak dibandingkan: {year} memakai instrumen lain",
        "not compared: {year} used another instrument",
    ),
    "an.change.scale": (
        "tidak dibandingkan: skala 0–110 pada 2018–2019",
        "not compared: the 2018–2019 scale was 0–110",
    ),
    "an.change.method": (
        "lintas perubahan metode, gambaran kasar",
        "across the change of method, a rough guide",
    ),
    "an.change.rank_up": ("peringkat {old} → {new}, naik {n}", "rank {old} → {new}, up {n}"),
    "an.change.rank_down": ("peringkat {old} → {new}, turun {n}", "rank {old} → {new}, down {n}"),
    "an.change.rank_same": ("peringkat tetap {new}", "rank unchanged at {new}"),
    "an.trend.title": ("📈 Tren dari tahun ke tahun", "📈 Trend over the years"),
    "an.trend.year": ("{years}: ", "{years}: "),
    "an.trend.since": ("sejak {year}: {change}", "since {year}: {change}"),
    "an.compare.title": ("⚖️ Perbandingan", "⚖️ Comparison"),
    "an.compare.no_data": (
        "Sumber kami tidak memuat hasil untuk instansi dan tahun itu.",
        "Our sources hold no results for those bodies and years.",
    ),
    "an.compare.same_year": ("Pada tahun yang sama:", "In the same year:"),
    "an.compare.gap": (
        "selisih {delta} poin, lebih tinggi: {top}",
        "{delta} points apart, higher: {top}",
    ),
    "an.compare.spread": (
        "selisih tertinggi–terendah {delta} poin, tertinggi: {top}",
        "{delta} points between highest and lowest, highest: {top}",
    ),
    "an.compare.no_gap": (
        "selisih tidak dihitung (nilai tidak lengkap, diperdebatkan, atau beda skala)",
        "no difference computed (scores missing, disputed, or on different scales)",
    ),
    "an.nat.title": ("Rekap nasional {year}", "National figures {year}"),
    "an.nat.title_all": ("Rekap nasional per tahun", "National figures per year"),
    "an.nat.all": ("semua instansi", "all bodies"),
    "an.nat.assessed": ("{kind}: {n} dinilai", "{kind}: {n} assessed"),
    "an.nat.not_stated": ("{what} tidak disebut sumber", "{what} not stated by the source"),
    "an.nat.respondents": ("Responden: {n}", "Respondents: {n}"),
    "an.nat.note": ("Catatan data (bahasa Inggris): {note}", "Data note: {note}"),
    "an.nat.conflict": (
        "⚠️ Catatan data (sumber berbeda; bahasa Inggris): {note}",
        "⚠️ Data note (sources differ): {note}",
    ),
    "an.nat.no_year": (
        "Sumber kami tidak memuat rekap nasional untuk {year}.",
        "Our sources hold no national figures for {year}.",
    ),
    "an.nat.available": (
        "Rekap nasional tersedia untuk: {years}.",
        "National figures are available for: {years}.",
    ),
    "an.nat.no_kind": (
        "Sumber kami tidak memuat rincian {kinds} untuk {year}; ini total semua instansi:",
        "Our sources give no breakdown for {kinds} in {year}; here is the total for all bodies:",
    ),
    "an.nat.assessed_2025": (
        "{n} instansi dinilai dengan instrumen {instrument}; tidak ada zona, dan jumlah per opini tidak ada di sumber kami.",
        "{n} bodies were assessed with the {instrument} instrument; there are no zones, and counts per opinion are not in our sources.",
    ),
    "an.nat.assessed_2025_short": (
        "{n} dinilai ({instrument}, tanpa zona)",
        "{n} assessed ({instrument}, no zones)",
    ),
    "an.nat.no_zones_2025": ("{year} tidak memakai zona.", "{year} did not use zones."),
    "an.nat.not_held_short": (
        "2020: tidak ada penilaian (COVID-19).",
        "2020: no assessment (COVID-19).",
    ),
    "an.nat.pct_note": (
        "Persentase dihitung dari angka sumber.",
        "Percentages are computed from the sourced counts.",
    ),
    "an.conf.2+": ("dua sumber atau lebih", "two or more sources"),
    "an.conf.1": ("satu sumber", "one source"),
    "an.conf.?": ("belum pasti", "uncertain"),
    "an.conf.wrap": ("({conf})", "({conf})"),
    "an.method.meaning": ("{zone} pada {period}: ", "{zone} in {period}: "),
    "an.method.meaning_value": (
        "{opinion}{cat}, nilai {lo}–{hi} ({conf})",
        "{opinion}{cat}, score {lo}–{hi} ({conf})",
    ),
    "an.method.category": (" (kategori {cat})", " (category {cat})"),
    "an.method.band_note": ("Catatan: {note}", "Note: {note}"),
    "an.chart.y_label": ("nilai kepatuhan (0–100)", "compliance score (0–100)"),
    "an.chart.not_held": ("2020: tidak ada penilaian", "2020: no assessment"),
    "an.chart.opini": (
        "{year}: {instrument}, instrumen lain, tidak sebanding",
        "{year}: {instrument}, another instrument, not comparable",
    ),
    "an.chart.method": ("metode baru {year}", "new method {year}"),
    "an.chart.strip": ("zona", "zone"),
    "an.chart.disputed": ("sumber berbeda", "sources differ"),
    "an.chart.other_scale": ("skala 0–110", "0–110 scale"),
    "an.chart.no_bands": (
        "Batas zona sebelum 2021 belum terverifikasi, jadi tidak digambar.",
        "Zone cut-offs before 2021 are not verified, so none are drawn.",
    ),
    "an.chart.no_data": ("tanpa data", "no data"),
    "an.chart.not_assessed": ("tidak dinilai", "not assessed"),
    "an.chart.footer": (
        "Tanya Kepatuhan · data Ombudsman RI dari sumber publik; rincian sumber di pesan",
        "Tanya Kepatuhan · Ombudsman RI results from public sources; sources listed in the message",
    ),
    # --- end analysis ---
    # --- broadcast ---
    # Subscriptions (/langganan, /berhenti), result notifications, staff broadcasts
    # (/siaran), /hapusdata. Shown as Telegram HTML, escaped (handlers/subscribe.py,
    # handlers/broadcast.py, handlers/privacy.py, bot/delivery.py).
    "sub.usage": (
        "Tulis nama instansi atau provinsi setelah /langganan, mis. /langganan Gunung Mas atau /langganan Kalimantan Tengah. Saya akan mengabari Anda bila ada hasil penilaian baru.",
        "Put a body or a province after /langganan, e.g. /langganan Gunung Mas or /langganan Central Kalimantan. I will tell you when a new result comes out.",
    ),
    "sub.private_only": (
        "Langganan hanya bisa diatur di chat pribadi dengan bot.",
        "Subscriptions can only be managed in a private chat with the bot.",
    ),
    "sub.none": ("Anda belum berlangganan apa pun.", "You have no subscriptions."),
    "sub.list_title": (
        "Langganan Anda ({count} dari maksimal {cap}):",
        "Your subscriptions ({count} of at most {cap}):",
    ),
    "sub.item_body": ("• {name}", "• {name}"),
    "sub.item_province": (
        "• {name} — semua instansi di provinsi ini",
        "• {name} — every body in this province",
    ),
    "sub.list_hint": (
        "Tambah: /langganan <nama>. Berhenti: /berhenti <nama> atau tombol di bawah.",
        "Add: /langganan <name>. Stop: /berhenti <name> or the buttons below.",
    ),
    "sub.added_body": (
        "🔔 Anda berlangganan {name}. Saya akan mengabari Anda bila ada hasil penilaian baru. Berhenti kapan saja dengan /berhenti.",
        "🔔 You follow {name}. I will tell you when a new result comes out. Stop any time with /berhenti.",
    ),
    "sub.added_province": (
        "🔔 Anda berlangganan semua instansi di {name}. Saya akan mengabari Anda bila ada hasil penilaian baru. Berhenti kapan saja dengan /berhenti.",
        "🔔 You follow every body in {name}. I will tell you when a new result comes out. Stop any time with /berhenti.",
    ),
    "sub.exists": ("Anda sudah berlangganan {name}.", "You already follow {name}."),
    "sub.full": (
        "Anda sudah punya {cap} langganan, batas maksimal. Hentikan salah satu dulu dengan /berhenti.",
        "You already have {cap} subscriptions, the maximum. Stop one first with /berhenti.",
    ),
    "sub.ask_province": (
        "Ikuti {name} saja, atau semua instansi di provinsi {province} (pemprov, kabupaten, kota, dan lainnya)?",
        "Follow {name} only, or every body in the province of {province} (the provincial government, regencies, cities and others)?",
    ),
    "sub.btn.only": ("Hanya {name}", "Only {name}"),
    "sub.btn.province": ("Semua instansi di {province}", "Every body in {province}"),
    "sub.btn.subscribe": ("🔔 Langganan", "🔔 Subscribe"),
    "sub.btn.stop": ("🔕 {name}", "🔕 {name}"),
    "sub.btn.stop_all": ("🔕 Berhenti semua", "🔕 Stop all"),
    "sub.ambiguous": (
        '"{text}" bisa berarti beberapa instansi. Pilih yang ingin Anda ikuti:',
        '"{text}" could mean several bodies. Choose the one to follow:',
    ),
    "sub.unknown": (
        'Saya tidak mengenali "{text}" sebagai instansi atau provinsi. Tulis nama lengkapnya, mis. "Kabupaten Gunung Mas".',
        'I don\'t recognise "{text}" as a body or a province. Write the full name, e.g. "Kabupaten Gunung Mas".',
    ),
    "sub.suggest": ("Mungkin maksud Anda salah satu ini:", "Perhaps you mean one of these:"),
    "sub.removed": ("🔕 Langganan {name} dihentikan.", "🔕 You no longer follow {name}."),
    "sub.removed_all": (
        "🔕 Semua langganan Anda ({count}) dihentikan.",
        "🔕 All your subscriptions ({count}) have been stopped.",
    ),
    "sub.not_subscribed": ('Anda tidak berlangganan "{text}".', 'You don\'t follow "{text}".'),
    "sub.stop_pick": ("Pilih langganan yang ingin dihentikan:", "Choose the subscription to stop:"),
    "notify.title": ("🔔 Hasil baru untuk langganan Anda", "🔔 A new result for your subscription"),
    "notify.more": (
        "…dan {count} hasil baru lain: {names}. Tanyakan namanya untuk melihat rinciannya.",
        "…and {count} more new results: {names}. Ask for a name to see the details.",
    ),
    "notify.footer": (
        "Anda menerima ini karena berlangganan. Berhenti: /berhenti · hapus data Anda: /hapusdata",
        "You get this because you subscribed. Stop: /berhenti · delete your data: /hapusdata",
    ),
    "bc.not_admin": (
        "Perintah ini hanya untuk staf yang berwenang.",
        "This command is for authorised staff only.",
    ),
    "bc.not_admin_button": (
        "Hanya staf yang berwenang yang bisa memakai tombol ini.",
        "Only authorised staff can use this button.",
    ),
    "bc.private_only": (
        "Gunakan perintah siaran di chat pribadi dengan bot.",
        "Use the broadcast commands in a private chat with the bot.",
    ),
    "bc.usage": (
        'Cara pakai: /siaran <teks>\nBaris pertama boleh berisi sasaran: "semua", "provinsi: <nama>" atau "instansi: <nama>"; tanpa itu, siaran dikirim ke semua pengguna. Teks boleh memakai HTML Telegram: <b>, <i>, <u>, <s>, <a href="https://…">, <code>, <pre>, <blockquote>, <tg-spoiler>.',
        'Usage: /siaran <text>\nThe first line may name the audience: "all", "province: <name>" or "body: <name>"; without it, the broadcast goes to every user. The text may use Telegram HTML: <b>, <i>, <u>, <s>, <a href="https://…">, <code>, <pre>, <blockquote>, <tg-spoiler>.',
    ),
    "bc.html_error": (
        "Siaran tidak dibuat: {problem} (baris {line}, kolom {column}). Tidak ada yang dikirim; perbaiki teksnya lalu kirim /siaran lagi.",
        "Broadcast not created: {problem} (line {line}, column {column}). Nothing was sent; fix the text and send /siaran again.",
    ),
    "bc.html.tag": (
        "tag {detail} tidak didukung Telegram",
        "Telegram does not support the tag {detail}",
    ),
    "bc.html.attribute": (
        "atribut pada {detail} tidak didukung",
        "an attribute of {detail} is not supported",
    ),
    "bc.html.href": (
        "tautan {detail} perlu href http(s)://, tg:// atau mailto:",
        "the link {detail} needs an http(s)://, tg:// or mailto: href",
    ),
    "bc.html.span": (
        '{detail}: hanya <span class="tg-spoiler"> yang didukung',
        '{detail}: only <span class="tg-spoiler"> is supported',
    ),
    "bc.html.nested": (
        "{detail} tidak boleh berada di dalam tag yang sama",
        "{detail} cannot be nested in the same tag",
    ),
    "bc.html.unexpected_end": (
        "tag penutup {detail} tanpa tag pembuka",
        "the end tag {detail} has no start tag",
    ),
    "bc.html.mismatch": (
        "tag penutup {detail} tidak cocok dengan tag yang masih terbuka",
        "the end tag {detail} does not match the open tag",
    ),
    "bc.html.unclosed": ("tag {detail} tidak ditutup", "the tag {detail} is never closed"),
    "bc.html.lt": (
        "tanda < di luar tag harus ditulis &lt;",
        "a < outside a tag must be written &lt;",
    ),
    "bc.html.entity": (
        "entitas {detail} tidak dikenal Telegram (pakai &lt; &gt; &amp; &quot; atau &#kode;)",
        "Telegram does not know the entity {detail} (use &lt; &gt; &amp; &quot; or &#code;)",
    ),
    "bc.html.unterminated": (
        "tag atau entitas terpotong: {detail}",
        "a tag or entity is cut off: {detail}",
    ),
    "bc.html.empty": ("teksnya kosong", "the text is empty"),
    "bc.html.too_long": (
        "teks terlalu panjang ({detail} karakter; maksimal 4096)",
        "the text is too long ({detail} characters; at most 4096)",
    ),
    "bc.telegram_error": (
        "Telegram menolak pratinjau: {error}. Siaran tidak dibuat dan tidak ada yang dikirim.",
        "Telegram refused the preview: {error}. The broadcast was not created and nothing was sent.",
    ),
    "bc.target_unknown": (
        'Sasaran "{text}" tidak saya kenali. Tidak ada yang dikirim.',
        'I don\'t recognise the audience "{text}". Nothing was sent.',
    ),
    "bc.target_ambiguous": (
        'Sasaran "{text}" bisa berarti: {names}. Tulis lebih lengkap. Tidak ada yang dikirim.',
        'The audience "{text}" could mean: {names}. Be more specific. Nothing was sent.',
    ),
    "bc.target.all": ("semua pengguna", "all users"),
    "bc.target.province": ("pelanggan provinsi {name}", "followers of the province {name}"),
    "bc.target.body": ("pelanggan {name}", "followers of {name}"),
    "bc.target.import": (
        "pelanggan hasil yang baru diimpor",
        "followers of newly imported results",
    ),
    "bc.no_recipients": (
        "Sasaran {target} belum punya penerima. Siaran tidak dibuat.",
        "The audience {target} has no recipients yet. The broadcast was not created.",
    ),
    "bc.preview": (
        "⬆️ Pratinjau siaran #{id}, persis seperti yang akan diterima.\nSasaran: {target}\nPenerima: {count}\nKirim sekarang?",
        "⬆️ Preview of broadcast #{id}, exactly as it will arrive.\nAudience: {target}\nRecipients: {count}\nSend now?",
    ),
    "bc.btn.send": ("✅ Kirim ke {count} penerima", "✅ Send to {count} recipients"),
    "bc.btn.cancel": ("✖️ Batal", "✖️ Cancel"),
    "bc.progress": (
        "📣 Siaran #{id} ({target}): {done} dari {total} selesai — terkirim {sent}, diblokir {blocked}, gagal {failed}.",
        "📣 Broadcast #{id} ({target}): {done} of {total} done — sent {sent}, blocked {blocked}, failed {failed}.",
    ),
    "bc.report": (
        "✅ Siaran #{id} selesai ({target}): terkirim {sent}, diblokir {blocked}, gagal {failed}, dari {total} penerima.",
        "✅ Broadcast #{id} finished ({target}): sent {sent}, blocked {blocked}, failed {failed}, of {total} recipients.",
    ),
    "bc.cancelled_report": (
        "⏹ Siaran #{id} dihentikan ({target}): terkirim {sent}, diblokir {blocked}, gagal {failed}; {cancelled} tidak jadi dikirim.",
        "⏹ Broadcast #{id} stopped ({target}): sent {sent}, blocked {blocked}, failed {failed}; {cancelled} not sent.",
    ),
    "bc.draft_cancelled": (
        "✖️ Siaran #{id} dibatalkan; tidak ada yang dikirim.",
        "✖️ Broadcast #{id} cancelled; nothing was sent.",
    ),
    "bc.already": ("Siaran #{id} sudah {status}.", "Broadcast #{id} is already {status}."),
    "bc.status.draft": ("menunggu konfirmasi", "awaiting confirmation"),
    "bc.status.queued": ("sedang dikirim", "being sent"),
    "bc.status.done": ("selesai", "finished"),
    "bc.status.cancelled": ("dihentikan", "stopped"),
    "bc.kind.broadcast": ("siaran", "broadcast"),
    "bc.kind.notify": ("notifikasi hasil", "result notification"),
    "bc.status_title": ("Siaran dan notifikasi:", "Broadcasts and notifications:"),
    "bc.status_line": (
        "#{id} {kind} · {target} · {status}: terkirim {sent}, diblokir {blocked}, gagal {failed}, menunggu {open}, dari {total}",
        "#{id} {kind} · {target} · {status}: sent {sent}, blocked {blocked}, failed {failed}, waiting {open}, of {total}",
    ),
    "bc.status_none": ("Belum ada siaran atau notifikasi.", "No broadcasts or notifications yet."),
    "bc.cancel_none": ("Tidak ada siaran yang bisa dihentikan.", "There is no broadcast to stop."),
    "bc.cancel_unknown": ("Siaran #{id} tidak ada.", "There is no broadcast #{id}."),
    "bc.started": (
        "📣 Siaran #{id} ({target}) mulai dikirim ke {count} penerima…",
        "📣 Broadcast #{id} ({target}) is being sent to {count} recipients…",
    ),
    "privacy.deleted": (
        "🗑 Data Anda sudah dihapus: {subs} langganan, {drafts} draf laporan, {deliveries} catatan pengiriman, serta nomor chat, pilihan bahasa dan waktu tercatat. Kami tidak menyimpan apa pun lagi tentang Anda. Bila Anda menulis lagi, bot mulai dari awal.",
        "🗑 Your data has been deleted: {subs} subscriptions, {drafts} saved report drafts, {deliveries} delivery records, and your chat id, language choice and timestamps. We keep nothing more about you. If you write again, the bot starts afresh.",
    ),
    "privacy.nothing": (
        "Kami tidak menyimpan data apa pun tentang Anda, jadi tidak ada yang perlu dihapus.",
        "We keep no data about you, so there is nothing to delete.",
    ),
    # --- end broadcast ---
    # --- guided report ---
    # Guided report draft (handlers/report_flow.py, knowledge/report_draft.py) and the extra
    # how-to-report templates (knowledge/reporting.py). Facts come from data/facts.json.
    "report.forms_line": (
        "Bentuk-bentuknya: {names}.",
        "Its forms: {names}.",
    ),
    "report.step_after": ("5. Setelah melapor", "5. After you report"),
    "report.after_process": (
        "Laporan diverifikasi, lalu diperiksa (Ombudsman meminta keterangan instansi dan atasannya). "
        "Hasilnya LAHP: bila maladministrasi terbukti, instansi diminta melakukan tindakan korektif; "
        "bila tidak dijalankan, Ombudsman menerbitkan Rekomendasi yang wajib dilaksanakan. "
        "Target nasional penyelesaian laporan {days} hari (target, bukan jaminan).",
        "The report is verified, then examined (the Ombudsman asks the agency and its superior for "
        "information). The outcome is an LAHP: if maladministration is found, the agency is told to "
        "take corrective action; if it does not, the Ombudsman issues a binding Recommendation. "
        "The national target for settling a report is {days} days (a target, not a guarantee).",
    ),
    "report.after_identity": (
        "Identitas pelapor dapat dirahasiakan bila diminta, tetapi tidak mutlak: keluhan atas "
        "layanan untuk diri sendiri umumnya tidak bisa ditangani tanpa identitas.",
        "Your identity can be kept confidential on request, but not always: a complaint about a "
        "service you received yourself generally cannot be handled anonymously.",
    ),
    "report.forms_title": (
        "Bentuk maladministrasi, dengan contoh sehari-hari",
        "Forms of maladministration, with everyday examples",
    ),
    "report.forms_item": (
        "• {name}: {explanation}\n  Contoh: {example}",
        "• {name}: {explanation}\n  Example: {example}",
    ),
    "report.forms_note": ("Catatan: {note}", "Note: {note}"),
    "report.forms_next": (
        'Mengalami salah satunya? Ketik /lapor lalu tekan "Buat draf laporan".',
        'Facing one of these? Type /lapor and press "Create a report draft".',
    ),
    # buttons and conversation
    "draft.btn.start": ("📝 Buat draf laporan", "📝 Create a report draft"),
    "draft.btn.forms": ("📋 Bentuk maladministrasi", "📋 Forms of maladministration"),
    "draft.btn.private": ("📝 Buat draf di chat pribadi", "📝 Create a draft in a private chat"),
    "draft.btn.keep": ("✍️ Pakai tulisan saya: {text}", "✍️ Keep what I wrote: {text}"),
    "draft.btn.yes_body": ("✅ Ya, {name}", "✅ Yes, {name}"),
    "draft.btn.form_yes": ("✅ Ya, benar", "✅ Yes, that's it"),
    "draft.btn.form_other": ("Bentuk lain…", "Another form…"),
    "draft.btn.form_unsure": ("🤷 Tidak yakin", "🤷 Not sure"),
    "draft.btn.today": ("Hari ini", "Today"),
    "draft.btn.yesterday": ("Kemarin", "Yesterday"),
    "draft.btn.last_week": ("Minggu lalu", "Last week"),
    "draft.btn.last_month": ("Bulan lalu", "Last month"),
    "draft.btn.prior_yes": ("✅ Sudah", "✅ Yes, I did"),
    "draft.btn.prior_no": ("❌ Belum", "❌ Not yet"),
    "draft.btn.skip": ("Lewati ➡️", "Skip ➡️"),
    "draft.btn.done": ("✅ Selesai", "✅ Done"),
    "draft.btn.no_evidence": ("Belum ada bukti", "No evidence yet"),
    "draft.btn.province": ("📍 {province}", "📍 {province}"),
    "draft.btn.save": ("💾 Simpan draf", "💾 Save draft"),
    "draft.btn.finish": ("🗑 Selesai, jangan simpan", "🗑 Done, don't save"),
    "draft.btn.get": ("📄 {n}", "📄 {n}"),
    "draft.btn.delete": ("🗑 {n}", "🗑 {n}"),
    "draft.ev.receipt": ("Kuitansi/nota", "Receipt"),
    "draft.ev.photo": ("Foto/video", "Photo/video"),
    "draft.ev.screenshot": ("Tangkapan layar/chat", "Screenshot/chat"),
    "draft.ev.letter": ("Surat/dokumen", "Letter/document"),
    "draft.ev.recording": ("Rekaman suara", "Voice recording"),
    "draft.ev.witness": ("Saksi", "Witness"),
    "draft.header": ("📝 Draf laporan · {step}/{total}", "📝 Report draft · {step}/{total}"),
    "draft.start": (
        "Saya bantu menyusun draf laporan maladministrasi: 7 pertanyaan singkat. Bot ini TIDAK "
        "mengirim laporan ke mana pun; hasilnya teks dan file yang Anda kirim sendiri. Jawaban Anda "
        'hanya ada di memori bot selama percakapan ini, kecuali Anda menekan "Simpan draf". '
        "Ketik /batal kapan saja untuk berhenti.",
        "I will help you write a draft maladministration report: 7 short questions. This bot does "
        "NOT send the report anywhere; you get a text and a file to send yourself. Your answers stay "
        'only in the bot\'s memory during this conversation, unless you press "Save draft". Type '
        "/batal at any time to stop.",
    ),
    "draft.restarted": (
        "Draf sebelumnya dibuang; kita mulai dari awal.",
        "The previous draft was discarded; starting again.",
    ),
    "draft.ask_agency": (
        'Instansi atau kantor mana yang melayani Anda? Tulis namanya, mis. "Disdukcapil Kota '
        'Palangka Raya", "Kantor Pertanahan Kota Kupang" atau "Kementerian Agama".',
        'Which agency or office served you? Type its name, e.g. "Disdukcapil Kota Palangka Raya", '
        '"Kantor Pertanahan Kota Kupang" or "Kementerian Agama".',
    ),
    "draft.placeholder.agency": (
        "mis. Disdukcapil Kota Palangka Raya",
        "e.g. Disdukcapil Kota Palangka Raya",
    ),
    "draft.placeholder.what": (
        "mis. petugas minta uang tambahan",
        "e.g. the officer asked for extra money",
    ),
    "draft.agency_confirm": ("Maksud Anda: {name}?", "Did you mean: {name}?"),
    "draft.agency_choose": (
        "Nama itu cocok dengan beberapa instansi. Yang mana maksud Anda?",
        "That name fits several bodies. Which one do you mean?",
    ),
    "draft.agency_unknown": (
        "Instansi ini tidak ada di data kami; tidak apa-apa, saya catat persis seperti tulisan Anda.",
        "This agency is not in our data; that's fine, I noted it exactly as you wrote it.",
    ),
    "draft.agency_noted": ("✓ Instansi: {agency}", "✓ Agency: {agency}"),
    "draft.agency_area": ("{agency} (wilayah: {area})", "{agency} (area: {area})"),
    "draft.ask_what": (
        "Apa yang terjadi? Ceritakan singkat dengan kata-kata Anda: apa yang dilakukan (atau tidak "
        'dilakukan) petugas, di mana, dan siapa bila tahu. Contoh: "petugas minta uang tambahan '
        'waktu urus KTP". Atau pilih dulu bentuk masalahnya:',
        "What happened? Tell it briefly in your own words: what the officer did (or did not do), "
        'where, and who if you know. Example: "the officer asked for extra money to process my ID '
        'card". Or first pick the kind of problem:',
    ),
    "draft.ask_what_text": (
        "Sekarang ceritakan singkat apa yang terjadi: apa yang dilakukan petugas, di mana, dan siapa "
        "bila tahu.",
        "Now tell briefly what happened: what the officer did, where, and who if you know.",
    ),
    "draft.form_detected": (
        'Kedengarannya termasuk "{name}": {explanation} Benar?',
        'This sounds like "{name}": {explanation} Is that right?',
    ),
    "draft.form_choose": (
        'Termasuk bentuk maladministrasi yang mana? Bila ragu, pilih "Tidak yakin".',
        'Which form of maladministration is it? If unsure, choose "Not sure".',
    ),
    "draft.form_noted": ("✓ Bentuk: {name}", "✓ Form: {name}"),
    "draft.form_none": ("✓ Bentuk: belum dipilih", "✓ Form: not chosen"),
    "draft.what_noted": ("✓ Kejadian dicatat.", "✓ What happened: noted."),
    "draft.no_files": (
        "Bot ini tidak menerima atau menyimpan lampiran. Simpan sendiri foto dan dokumen bukti "
        "Anda untuk dilampirkan saat mengirim laporan; di sini cukup tulis jenis buktinya "
        '(mis. "foto kuitansi").',
        "This bot takes and keeps no attachments. Keep your photos and documents yourself and "
        "attach them when you send the report; here, just type what kind of evidence it is "
        '(e.g. "photo of the receipt").',
    ),
    "draft.buttons_only": (
        "Pilih salah satu tombol di atas, atau ketik /batal untuk berhenti.",
        "Please choose one of the buttons above, or type /batal to stop.",
    ),
    "draft.ask_when": (
        'Kapan kejadiannya? Contoh: "3 Maret 2025", "03/2025", "2 minggu lalu", "kemarin", "2023".',
        'When did it happen? Examples: "3 March 2025", "03/2025", "2 weeks ago", "yesterday", '
        '"2023".',
    ),
    "draft.when_noted": ("✓ Waktu: {when}", "✓ When: {when}"),
    "draft.when_retry": (
        'Saya belum bisa membaca waktu itu. Tulis misalnya "3 Maret 2025", "03/2025", "2 minggu '
        'lalu" atau "bulan lalu".',
        'I could not read that date. Try for example "3 March 2025", "03/2025", "2 weeks ago" or '
        '"last month".',
    ),
    "draft.when_future": (
        'Tanggal itu belum terjadi. Tulis kapan kejadiannya, mis. "3 Maret 2025".',
        'That date is in the future. Type when it happened, e.g. "3 March 2025".',
    ),
    "draft.when_free": (
        '✓ Waktu dicatat apa adanya: "{text}". Pastikan kejadiannya belum lewat {years} tahun, '
        "karena itu syarat Ombudsman.",
        '✓ Date noted as written: "{text}". Make sure the event is less than {years} years old; '
        "the Ombudsman requires it.",
    ),
    "draft.when_old": (
        "⚠️ Kejadian ini tampaknya lebih dari {years} tahun lalu. {limit} Anda tetap bisa melanjutkan "
        "draf; tanyakan dulu ke Ombudsman (call center {call_center}) apakah laporan masih bisa "
        "diterima.",
        "⚠️ This seems to have happened more than {years} years ago. {limit} You can still finish "
        "the draft; ask the Ombudsman first (call centre {call_center}) whether the report can still "
        "be accepted.",
    ),
    "draft.when_maybe_old": (
        "⚠️ Sebagian rentang waktu itu lebih dari {years} tahun lalu. {limit} Bila bisa, sebutkan "
        "tanggal yang lebih tepat di laporan.",
        "⚠️ Part of that period is more than {years} years ago. {limit} If you can, give a more exact "
        "date in the report.",
    ),
    "draft.ask_prior": (
        "Apakah Anda sudah mengadukan masalah ini langsung ke instansinya (atau atasannya)?",
        "Have you already complained about this directly to the agency (or its superior)?",
    ),
    "draft.ask_prior_detail": (
        "Ceritakan singkat: kapan, ke siapa atau lewat apa (loket pengaduan, surat, SP4N-LAPOR!…), "
        "dan apa tanggapannya. Boleh dilewati.",
        "Briefly: when, to whom or through what (complaint desk, letter, SP4N-LAPOR!…), and what "
        "the answer was. You may skip this.",
    ),
    "draft.prior_yes_noted": (
        "✓ Sudah mengadu ke instansi.",
        "✓ Already complained to the agency.",
    ),
    "draft.prior_detail_noted": ("✓ Pengaduan sebelumnya dicatat.", "✓ Earlier complaint noted."),
    "draft.prior_no_noted": ("✓ Belum mengadu ke instansi.", "✓ Not yet complained to the agency."),
    "draft.prior_no_help": (
        "Ombudsman meminta Anda mengadu ke instansinya lebih dulu. {prior}\n{relation} {flow} "
        "{url_note}\nDraf ini tetap bisa Anda selesaikan dan pakai sebagai isi pengaduan ke instansi "
        "atau LAPOR!.",
        "The Ombudsman asks you to complain to the agency first. {prior}\n{relation} {flow} "
        "{url_note}\nYou can still finish this draft and use it for your complaint to the agency or "
        "to LAPOR!.",
    ),
    "draft.ask_evidence": (
        'Bukti apa yang Anda punya? Tekan semua yang ada, lalu "Selesai". Atau tulis sendiri, mis. '
        '"nota Rp200.000 dan foto loket".',
        'What evidence do you have? Tap everything you hold, then "Done". Or type it, e.g. '
        '"receipt for Rp200,000 and a photo of the counter".',
    ),
    "draft.evidence_noted": ("✓ Bukti: {items}", "✓ Evidence: {items}"),
    "draft.evidence_none": ("✓ Bukti: belum ada", "✓ Evidence: none yet"),
    "draft.ask_province": (
        "Anda tinggal di provinsi mana? Ini untuk memilih kantor perwakilan Ombudsman yang tepat. "
        'Tulis provinsi atau kabupaten/kota, mis. "Kalimantan Tengah" atau "Kota Bandung".',
        "Which province do you live in? This picks the right Ombudsman office. Type a province or "
        'a regency/city, e.g. "Kalimantan Tengah" or "Kota Bandung".',
    ),
    "draft.province_choose": (
        "Nama itu ada di beberapa provinsi. Yang mana?",
        "That name exists in several provinces. Which one?",
    ),
    "draft.province_retry": (
        'Saya tidak mengenali wilayah itu. Tulis nama provinsinya, mis. "Jawa Barat".',
        'I did not recognise that place. Type the province, e.g. "Jawa Barat".',
    ),
    "draft.province_noted": ("✓ Provinsi: {province}", "✓ Province: {province}"),
    "draft.province_unknown": (
        "✓ Provinsi tidak ditentukan; draf memakai kanal nasional Ombudsman.",
        "✓ No province; the draft uses the Ombudsman's national channels.",
    ),
    "draft.ask_expect": (
        'Apa yang Anda harapkan dari laporan ini? Mis. "KTP diterbitkan tanpa biaya tambahan". '
        "Boleh dilewati.",
        'What outcome do you want? E.g. "my ID card issued without extra fees". You may skip this.',
    ),
    "draft.expect_noted": ("✓ Harapan dicatat.", "✓ Expected outcome noted."),
    "draft.expect_skipped": ("✓ Harapan: dilewati.", "✓ Expected outcome: skipped."),
    "draft.clipped": (
        "(Teks Anda dipotong menjadi {limit} karakter.)",
        "(Your text was cut to {limit} characters.)",
    ),
    "draft.ready": (
        "Draf Anda siap. Di bawah ini teksnya (salin semuanya) dan filenya. Bot ini belum dan tidak "
        "akan mengirim apa pun: Anda yang mengirimkannya.",
        "Your draft is ready. Below are the text (copy all of it) and the file. This bot has not sent "
        "and will not send anything: you send it yourself.",
    ),
    "draft.doc_caption": (
        'Draf laporan (.txt): buka, lengkapi bagian [...], lalu kirim sendiri. Tekan "Simpan draf" '
        "bila ingin menyimpannya di bot; bila tidak, isinya dihapus dari memori bot.",
        'Report draft (.txt): open it, fill in the [...] parts, then send it yourself. Press "Save '
        "draft\" to keep it in the bot; otherwise its content is wiped from the bot's memory.",
    ),
    "draft.message_cut": (
        "(Pesan ini dipersingkat agar muat; teks lengkap ada di file .txt.)",
        "(This message was shortened to fit; the full text is in the .txt file.)",
    ),
    "draft.filename": ("draf-laporan-ombudsman.txt", "ombudsman-report-draft.txt"),
    "draft.saved": (
        "💾 Draf disimpan di bot (hanya teksnya). Lihat lagi dengan /draf; hapus kapan saja dengan "
        "/hapusdata.",
        "💾 Draft saved in the bot (the text only). See it again with /draf; delete it any time with "
        "/hapusdata.",
    ),
    "draft.save_full": (
        'Sudah ada {n} draf tersimpan, batas maksimum. Hapus dulu lewat /draf, lalu tekan "Simpan '
        'draf" lagi.',
        'You already have {n} saved drafts, the maximum. Delete one with /draf, then press "Save '
        'draft" again.',
    ),
    "draft.finished": (
        "Selesai. Isi draf sudah dihapus dari memori bot; salinannya hanya ada di chat ini.",
        "Done. The draft's content is wiped from the bot's memory; the only copy is in this chat.",
    ),
    "draft.cancelled": (
        "Draf dibatalkan. Tidak ada yang dikirim atau disimpan. Mulai lagi kapan saja dengan /lapor.",
        "Draft cancelled. Nothing was sent or saved. Start again any time with /lapor.",
    ),
    "draft.nothing_to_cancel": (
        "Tidak ada draf yang sedang dibuat. Ketik /lapor untuk cara melapor atau membuat draf.",
        "No draft is in progress. Type /lapor for how to report or to create a draft.",
    ),
    "draft.timeout": (
        "⏱️ Draf laporan dihentikan karena tidak ada jawaban selama {minutes} menit. Isinya sudah "
        "dihapus dari memori bot; tidak ada yang dikirim atau disimpan. Mulai lagi dengan /lapor.",
        "⏱️ The report draft stopped because there was no answer for {minutes} minutes. Its content "
        "is wiped from the bot's memory; nothing was sent or saved. Start again with /lapor.",
    ),
    "draft.timeout_review": (
        "⏱️ Draf ini tidak disimpan dan sudah dihapus dari memori bot (tidak ada aktivitas {minutes} "
        "menit). Salinan teks dan file di atas tetap ada di chat ini.",
        "⏱️ This draft was not saved and is now wiped from the bot's memory (no activity for "
        "{minutes} minutes). The text and file above stay in this chat.",
    ),
    "draft.stale": (
        "Percakapan draf laporan ini sudah berakhir atau terputus (mis. bot dimulai ulang atau "
        "waktunya habis). Jawaban sebelumnya tidak tersimpan. Mulai lagi dengan /lapor.",
        "This report-draft conversation has ended or was interrupted (e.g. the bot restarted or it "
        "timed out). Earlier answers were not kept. Start again with /lapor.",
    ),
    "draft.stale_alert": (
        "Percakapan terputus. Mulai lagi dengan /lapor.",
        "The conversation was interrupted. Start again with /lapor.",
    ),
    "draft.other_draft": (
        "Tombol ini dari draf sebelumnya dan tidak berlaku lagi.",
        "This button belongs to an earlier draft and no longer works.",
    ),
    "draft.step_done": ("Langkah ini sudah dijawab.", "This step is already answered."),
    "draft.private_only": (
        "Demi privasi, draf laporan dibuat di chat pribadi dengan bot.",
        "For your privacy, report drafts are made in a private chat with the bot.",
    ),
    "draft.list_title": ("Draf tersimpan ({n}):", "Saved drafts ({n}):"),
    "draft.list_item": ("{n}. {date} — {title}", "{n}. {date} — {title}"),
    "draft.list_hint": (
        "📄 mengirim ulang filenya, 🗑 menghapusnya. /hapusdata menghapus semua data Anda.",
        "📄 sends the file again, 🗑 deletes it. /hapusdata deletes all your data.",
    ),
    "draft.list_empty": (
        'Belum ada draf tersimpan. Buat dengan /lapor lalu "Buat draf laporan".',
        'No saved drafts. Create one with /lapor, then "Create a report draft".',
    ),
    "draft.deleted": ("Draf dihapus.", "Draft deleted."),
    "draft.gone": ("Draf itu sudah tidak ada.", "That draft no longer exists."),
    "draft.untitled": ("(tanpa judul)", "(untitled)"),
    # the summary (a plain-text document the user sends themselves)
    "draft.sum.title": ("DRAF LAPORAN KE OMBUDSMAN RI", "DRAFT REPORT TO OMBUDSMAN RI"),
    "draft.sum.not_sent": (
        "BELUM TERKIRIM: bot Tanya Kepatuhan tidak mengirim apa pun ke mana pun. Lengkapi bagian "
        "bertanda [...], lalu kirim sendiri lewat salah satu kanal di bagian akhir.",
        "NOT SENT: the Tanya Kepatuhan bot sends nothing anywhere. Fill in the parts marked [...], "
        "then send it yourself through one of the channels at the end.",
    ),
    "draft.sum.urgent": (
        "MENDESAK. {label}: {explanation} {notes} Sebutkan sejak awal bahwa kasus ini mendesak.",
        "URGENT. {label}: {explanation} {notes} Say at the start that this case is urgent.",
    ),
    "draft.sum.to_office": (
        "Kepada: Ombudsman RI Perwakilan {province}",
        "To: Ombudsman RI, {province} office",
    ),
    "draft.sum.to_head": ("Kepada: Ombudsman RI (kantor pusat)", "To: Ombudsman RI (head office)"),
    "draft.sum.to_any": ("Kepada: Ombudsman RI", "To: Ombudsman RI"),
    "draft.sum.subject": (
        "Perihal: Laporan dugaan maladministrasi",
        "Subject: Report of suspected maladministration",
    ),
    "draft.sum.subject_form": (
        "Perihal: Laporan dugaan maladministrasi ({name})",
        "Subject: Report of suspected maladministration ({name})",
    ),
    "draft.sum.identity": ("A. Identitas pelapor", "A. Reporter"),
    "draft.sum.identity_fields": (
        "Nama lengkap: [...]\nTempat, tanggal lahir: [...]\nStatus perkawinan: [...]\nPekerjaan: [...]\n"
        "Alamat lengkap: [...]\nTelepon/email yang bisa dihubungi: [...]",
        "Full name: [...]\nPlace and date of birth: [...]\nMarital status: [...]\nOccupation: [...]\n"
        "Full address: [...]\nPhone/email for contact: [...]",
    ),
    "draft.sum.province": (
        "Provinsi tempat tinggal: {province}",
        "Province of residence: {province}",
    ),
    "draft.sum.confidential": (
        "Minta identitas dirahasiakan? [ya/tidak]",
        "Ask for your identity to be kept confidential? [yes/no]",
    ),
    "draft.sum.identity_note": (
        "(Bot tidak menanyakan data pribadi; isi sendiri sebelum mengirim.)",
        "(The bot does not ask for personal data; fill it in yourself before sending.)",
    ),
    "draft.sum.agency": ("B. Instansi yang dilaporkan", "B. Agency reported"),
    "draft.sum.agency_line": ("Instansi: {agency}", "Agency: {agency}"),
    "draft.sum.events": ("C. Kronologi", "C. What happened"),
    "draft.sum.when": ("Waktu kejadian: {when}", "When: {when}"),
    "draft.sum.when_as_typed": ('{when} (ditulis: "{text}")', '{when} (as written: "{text}")'),
    "draft.sum.when_missing": ("Waktu kejadian: [...]", "When: [...]"),
    "draft.sum.what": ("Apa yang terjadi: {what}", "What happened: {what}"),
    "draft.sum.form": (
        "Bentuk maladministrasi: {name}. {explanation}",
        "Form of maladministration: {name}. {explanation}",
    ),
    "draft.sum.form_none": (
        "Bentuk maladministrasi: belum dipilih",
        "Form of maladministration: not chosen",
    ),
    "draft.sum.old": (
        "Catatan: kejadian ini tampaknya lebih dari {years} tahun lalu. {limit}",
        "Note: this seems to be more than {years} years ago. {limit}",
    ),
    "draft.sum.maybe_old": (
        "Catatan: sebagian rentang waktu itu lebih dari {years} tahun lalu. {limit}",
        "Note: part of that period is more than {years} years ago. {limit}",
    ),
    "draft.sum.prior": (
        "D. Pengaduan ke instansi sebelumnya",
        "D. Earlier complaint to the agency",
    ),
    "draft.sum.prior_yes": (
        "Sudah mengadu ke instansi/atasannya: {detail}",
        "Complained to the agency/its superior: {detail}",
    ),
    "draft.sum.prior_yes_blank": (
        "[kapan, ke siapa/lewat apa, dan tanggapannya]",
        "[when, to whom/how, and the answer]",
    ),
    "draft.sum.prior_no": (
        "Belum. Perhatian: {prior} {relation}",
        "Not yet. Note: {prior} {relation}",
    ),
    "draft.sum.prior_unknown": (
        "[sudah/belum; kapan, ke siapa, tanggapannya]",
        "[yes/no; when, to whom, the answer]",
    ),
    "draft.sum.evidence": ("E. Bukti yang saya miliki", "E. Evidence I hold"),
    "draft.sum.evidence_none": ("[belum ada]", "[none yet]"),
    "draft.sum.expect": ("F. Harapan saya", "F. What I ask for"),
    "draft.sum.expect_blank": ("[hasil yang Anda harapkan]", "[the outcome you want]"),
    "draft.sum.attach": ("Lampiran yang perlu disiapkan:", "Attachments to prepare:"),
    "draft.sum.check": ("[ ] {text}", "[ ] {text}"),
    "draft.sum.check_prior": (
        "Bukti pengaduan ke instansi bila ada (tanda terima, nomor tiket, tangkapan layar).",
        "Proof of your complaint to the agency, if any (receipt, ticket number, screenshot).",
    ),
    "draft.sum.send": ("Kirim lewat (gratis):", "Send it through (free of charge):"),
    "draft.sum.office": (
        "Ombudsman RI Perwakilan {province} (data tahun {year}):",
        "Ombudsman RI {province} office (data from {year}):",
    ),
    "draft.sum.office_none": (
        "Kami belum punya kontak terverifikasi untuk kantor perwakilan Ombudsman di {province}; "
        "gunakan kanal nasional di bawah.",
        "We have no verified contact for the Ombudsman office in {province}; use the national "
        "channels below.",
    ),
    "draft.sum.where_note": ("Catatan: {text}", "Note: {text}"),
    "draft.sum.national": ("Kanal nasional Ombudsman RI:", "Ombudsman RI national channels:"),
    "draft.sum.limits": ("Syarat waktu: {limit}", "Time limit: {limit}"),
    "draft.sum.footer": (
        "Disusun dengan bot Tanya Kepatuhan (bukan layanan resmi Ombudsman RI). Bot tidak mengirim "
        "laporan ini.",
        "Prepared with the Tanya Kepatuhan bot (not an official Ombudsman RI service). The bot did "
        "not send this report.",
    ),
    "draft.sum.cut": (" … [lengkapnya di file .txt]", " … [full text in the .txt file]"),
    # --- end guided report ---
    # --- bot ------------------------------------------------------------
    # Telegram bot (handlers/): commands, buttons, manners. Shown as Telegram HTML, escaped.
    "bot.cmd.start": ("Mulai dan contoh pertanyaan", "Start and example questions"),
    "bot.cmd.help": ("Cara bertanya", "How to ask"),
    "bot.cmd.zona": (
        "Hasil sebuah instansi: /zona <nama> [tahun]",
        "A body's result: /zona <name> [year]",
    ),
    "bot.cmd.lapor": (
        "Cara melapor maladministrasi ke Ombudsman",
        "How to report maladministration to the Ombudsman",
    ),
    "bot.cmd.sumber": (
        "Sumber data, cakupan dan hasil terbaru",
        "Where the data come from, coverage, newest results",
    ),
    "bot.cmd.bahasa": ("Ganti bahasa (Indonesia/English)", "Change language (Indonesia/English)"),
    "bot.cmd.langganan": (
        "Langganan hasil baru sebuah instansi/provinsi",
        "Follow new results of a body or province",
    ),
    "bot.cmd.berhenti": ("Berhenti berlangganan", "Stop following"),
    "bot.cmd.draf": ("Draf laporan yang Anda simpan", "Report drafts you saved"),
    "bot.cmd.hapusdata": ("Hapus semua data Anda di bot ini", "Delete all your data in this bot"),
    "bot.cmd.tentang": (
        "Metode penilaian, 2020, perubahan 2025",
        "The method, 2020, what changed in 2025",
    ),
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
    "bot.lang.set": (
        "Baik, saya akan menjawab dalam Bahasa Indonesia.",
        "OK, I will answer in English.",
    ),
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
        'Saya hanya bisa membaca pesan teks. Tulis nama instansi dan tahun, mis. "zona Gunung Mas 2024".',
        'I can only read text messages. Type a body and a year, e.g. "Gunung Mas 2024 zone".',
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
    "bot.sumber.newest_year": (
        "Hasil terbaru: putaran {year}.",
        "Newest results: the {year} round.",
    ),
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
    "bot.inline.open": (
        "Tidak ketemu? Tanya langsung di bot",
        "Nothing found? Ask the bot directly",
    ),
    # --- end bot --------------------------------------------------------
    # --- issue 11: instruments as data, imports of results ---
    "inst.assumed": (
        "ℹ️ Tabel metode kami belum mencantumkan {year}; hasilnya dibaca dengan instrumen {instrument} (seperti {like}).",
        "ℹ️ Our methodology table does not list {year} yet; its results are read with the {instrument} instrument (like {like}).",
    ),
    "inst.no_zones": (" tanpa zona", " without zones"),
    "method.instruments": (
        "Instrumen per tahun (tabel metode): {periods}. {later}",
        "Instrument per year (methodology table): {periods}. {later}",
    ),
    "method.instruments_later": (
        "Tahun sesudah {year} dibaca seperti {year} ({name}) sampai tabelnya diperbarui.",
        "Years after {year} read like {year} ({name}) until the table is updated.",
    ),
    "imp.assumed": (
        "{year} dibaca dengan instrumen {instrument} (seperti {like})",
        "{year} is read with the {instrument} instrument (like {like})",
    ),
    "imp.not_admin": (
        'Maaf, mengirim file data hanya untuk petugas Tanya Kepatuhan. Untuk bertanya, tulis saja nama instansi dan tahunnya, mis. "zona gunung mas 2024".',
        'Sorry, sending data files is for Tanya Kepatuhan staff only. To ask, just write a body\'s name and a year, e.g. "gunung mas 2024".',
    ),
    "imp.not_admin_button": ("Hanya untuk petugas.", "Staff only."),
    "imp.bad_type": (
        "Kirim hasil sebagai file .xlsx atau .csv (paling besar {mb} MB). /templat memberi contoh kolomnya.",
        "Send results as an .xlsx or .csv file (at most {mb} MB). /templat gives an example of the columns.",
    ),
    "imp.too_big": (
        "File terlalu besar ({size} MB); batasnya {mb} MB. Pecah menjadi beberapa file.",
        "The file is too big ({size} MB); the limit is {mb} MB. Split it into several files.",
    ),
    "imp.download_failed": (
        "File tidak bisa diambil dari Telegram; tidak ada yang berubah. Coba kirim lagi.",
        "The file could not be fetched from Telegram; nothing changed. Please send it again.",
    ),
    "imp.problems": (
        "❌ {file}: {n} masalah, jadi tidak ada yang diimpor. Perbaiki lalu kirim lagi:",
        "❌ {file}: {n} problem(s), so nothing was imported. Fix them and send it again:",
    ),
    "imp.problems_more": ("… dan {n} masalah lain.", "… and {n} more problem(s)."),
    "imp.nothing_new": (
        "{file}: {rows} baris, semuanya sudah ada di data kami; tidak ada yang berubah.",
        "{file}: {rows} row(s), all already in our data; nothing changed.",
    ),
    "imp.preview_title": ("📥 Pratinjau impor: {file}", "📥 Import preview: {file}"),
    "imp.preview_rows": (
        "Baris: {rows} · baru di data kami: {added}",
        "Rows: {rows} · new to our data: {added}",
    ),
    "imp.preview_new": (
        "Hasil baru (instansi dan tahun yang belum punya hasil): {n}",
        "New results (body and year with no result yet): {n}",
    ),
    "imp.preview_changed": (
        "Hasil yang mendapat nilai atau sumber tambahan: {n} ({names})",
        "Results that gain values or sources: {n} ({names})",
    ),
    "imp.preview_province": ("• {province}: {counts}", "• {province}: {counts}"),
    "imp.national": ("instansi pusat", "central bodies"),
    "imp.preview_followers": (
        "Pengikut yang akan diberi tahu: {n}",
        "Followers who will be notified: {n}",
    ),
    "imp.preview_method": (
        "Tabel metode: {n} baris instrumen. Tahun-tahun ini akan dibaca dengan instrumennya:",
        "Methodology table: {n} instrument row(s). These years will read with their instrument:",
    ),
    "imp.preview_instrument": (
        "• {years}: {name} (label: {labels})",
        "• {years}: {name} (labels: {labels})",
    ),
    "imp.labels_free": ("bebas", "free text"),
    "imp.btn_go": ("✅ Impor", "✅ Import"),
    "imp.btn_cancel": ("✖️ Batal", "✖️ Cancel"),
    "imp.cancelled": (
        "✖️ Impor dibatalkan; tidak ada yang berubah.",
        "✖️ Import cancelled; nothing changed.",
    ),
    "imp.expired": (
        "Pratinjau ini sudah tidak berlaku (sudah diimpor atau dibatalkan). Kirim filenya lagi bila perlu.",
        "This preview is no longer valid (already imported or cancelled). Send the file again if needed.",
    ),
    "imp.done": (
        "✅ Impor #{id} selesai: {added} baris baru dari {file}. Jawaban bot sudah memakai data baru; {queued} pengikut akan diberi tahu. Batalkan dengan /impor_batal {id}.",
        "✅ Import #{id} done: {added} new row(s) from {file}. The bot already answers with the new data; {queued} follower(s) will be notified. Undo with /impor_batal {id}.",
    ),
    "imp.done_method": (
        "✅ Impor #{id} selesai: tabel metode diperbarui dari {file}. Batalkan dengan /impor_batal {id}.",
        "✅ Import #{id} done: the methodology table was updated from {file}. Undo with /impor_batal {id}.",
    ),
    "imp.status_title": ("Impor terakhir", "Latest imports"),
    "imp.status_row": (
        "#{id} · {when} · {who} · {file} ({sha}) · {rows} baris, {added} baru · {status}",
        "#{id} · {when} · {who} · {file} ({sha}) · {rows} rows, {added} new · {status}",
    ),
    "imp.status_in_force": ("berlaku", "in force"),
    "imp.status_undone": ("dibatalkan {when}", "undone {when}"),
    "imp.status_none": ("Belum ada impor.", "No imports yet."),
    "imp.undo_usage": (
        "Tulis /impor_batal [nomor]; tanpa nomor, impor terakhir yang masih berlaku dibatalkan. Nomornya ada di /impor_status.",
        "Write /impor_batal [number]; without a number, the last import still in force is undone. Numbers are in /impor_status.",
    ),
    "imp.undo_unknown": (
        "Tidak ada impor (yang masih berlaku) dengan nomor itu; lihat /impor_status.",
        "No import (still in force) with that number; see /impor_status.",
    ),
    "imp.undo_already": (
        "Impor #{id} sudah dibatalkan sebelumnya.",
        "Import #{id} was already undone.",
    ),
    "imp.undo_done": (
        "↩️ Impor #{id} ({file}) dibatalkan; {cancelled} pemberitahuan yang belum terkirim ikut dibatalkan. Jawaban bot sudah memakai data tanpa impor itu.",
        "↩️ Import #{id} ({file}) undone; {cancelled} notification(s) not yet sent were cancelled. The bot already answers without that import.",
    ),
    "imp.template_caption": (
        "Templat impor: satu baris per instansi, tahun dan sumber; baris contoh boleh dihapus. Kirim filenya ke sini (paling besar {mb} MB).",
        "Import template: one row per body, year and source; the example row may be deleted. Send the file here (at most {mb} MB).",
    ),
    "inst.label_same": ("tetap {label}", "still {label}"),
    "inst.label_change": ("dari {old} ke {new}", "from {old} to {new}"),
    # --- issue 12: filters, thresholds, follow-ups -------------------------
    "filter.or": (" atau ", " or "),
    "filter.bodies": ("instansi", "bodies"),
    "filter.title": (
        "{kinds} {where} dengan {what}, {year}",
        "{kinds} {where} with {what}, {year}",
    ),
    "filter.count_full": (
        "{n} dari {of} {kinds} mendapat {what} (sumber kami memuat hasil semuanya).",
        "{n} of {of} {kinds} received {what} (our sources hold a result for all of them).",
    ),
    "filter.none_full": (
        "Tidak ada: tidak satu pun dari {of} {kinds} mendapat {what} (sumber kami memuat hasil semuanya).",
        "None: not one of the {of} {kinds} received {what} (our sources hold a result for all of them).",
    ),
    "filter.count_part": (
        "{n} {kinds} mendapat {what} menurut data yang tersedia; hasil {missing} dari {of} tidak ada di sumber kami, jadi jumlah sebenarnya bisa lebih banyak.",
        "{n} {kinds} received {what} in the data available; the result of {missing} of {of} is not in our sources, so the real number may be higher.",
    ),
    "filter.none_part": (
        "Di data kami tidak ada {kinds} dengan {what}, tetapi hasil {missing} dari {of} tidak ada di sumber kami, jadi belum bisa dipastikan tidak ada.",
        "Our data show no {kinds} with {what}, but the result of {missing} of {of} is not in our sources, so we cannot say there were none.",
    ),
    "filter.count_unknown": (
        "{n} {kinds} mendapat {what} menurut data yang tersedia ({have} dengan hasil di sumber kami; jumlah yang dinilai tidak kami ketahui).",
        "{n} {kinds} received {what} in the data available ({have} with a result in our sources; we do not know how many were assessed).",
    ),
    "filter.none_unknown": (
        "Di data kami tidak ada {kinds} dengan {what} ({have} dengan hasil di sumber kami; jumlah yang dinilai tidak kami ketahui, jadi belum bisa dipastikan tidak ada).",
        "Our data show no {kinds} with {what} ({have} with a result in our sources; we do not know how many were assessed, so we cannot say there were none).",
    ),
    "filter.unknown_names": (
        "Hasilnya tidak ada di sumber kami ({n}): {names}",
        "No result in our sources ({n}): {names}",
    ),
    "filter.no_zones": (
        'Penilaian {year} tidak memakai zona (instrumen Opini Ombudsman); tanyakan opininya, mis. "kualitas tertinggi {year}".',
        'The {year} round has no zones (the Opini Ombudsman instrument); ask for the opinion instead, e.g. "highest quality {year}".',
    ),
    "filter.no_labels": (
        "Label opini seperti itu baru dipakai mulai 2025; untuk {year} tanyakan zona atau opininya.",
        "Such opinion labels were used only from 2025; for {year} ask for the zone or opinion.",
    ),
    "th.title": ("Batas nilai zona dan opini", "Score thresholds for zones and opinions"),
    "th.min_head": ("{what} pada {period}: ", "{what} in {period}: "),
    "th.min_value": (
        "nilai minimal {lo} (rentang {lo}–{hi}; {conf})",
        "minimum score {lo} (range {lo}–{hi}; {conf})",
    ),
    "th.part": ("– {detail}: {lo}–{hi} ({conf})", "– {detail}: {lo}–{hi} ({conf})"),
    "th.score_in": ("Nilai {score} pada {period}: ", "A score of {score} in {period}: "),
    "th.score_band": (
        "{zone}, {detail} (rentang {lo}–{hi}; {conf})",
        "{zone}, {detail} (range {lo}–{hi}; {conf})",
    ),
    "th.score_gap": (
        "• Nilai {score} pada {period} tidak masuk rentang mana pun yang kami punya.",
        "• A score of {score} in {period} falls in none of the bands we hold.",
    ),
    "th.scale": (
        "Nilai di atas 100 hanya ada pada skala 0–110 (Polres dan Kantor Pertanahan 2018–2019); batas zonanya tidak kami ketahui.",
        "Scores above 100 exist only on the 0–110 scale (police and land offices 2018–2019); we do not know its zone cut-offs.",
    ),
    "th.no_bands_new": (
        "{year}: instrumen baru (Opini Ombudsman) tanpa zona; rentang nilainya tidak dipublikasikan di sumber kami, jadi tidak ada batas nilai yang bisa kami sebut untuk {year}.",
        "{year}: the new instrument (Ombudsman Opinion) has no zones, and its score ranges are not published in our sources, so we cannot give any threshold for {year}.",
    ),
    "th.no_bands_old": (
        "{year}: batas zona sebelum {first} belum terverifikasi di sumber kami, jadi tidak kami sebut (jangan pakai batas tahun lain).",
        "{year}: zone cut-offs before {first} are not verified in our sources, so we do not give them (do not use another period's cut-offs).",
    ),
    "th.periods_differ": (
        "ℹ️ Batasnya berbeda per periode: 2021 memakai tiga zona, 2022–2024 lima opini (A–E); 2025 memakai instrumen lain yang rentang nilainya tidak dipublikasikan.",
        "ℹ️ The cut-offs differ by period: 2021 used three zones, 2022–2024 five opinions (A–E); 2025 uses another instrument whose score ranges are not published.",
    ),
    "th.official": (
        "Zona resmi sebuah instansi adalah yang diumumkan Ombudsman; rentang ini dari sumber yang kami kutip.",
        "A body's official zone is the one the Ombudsman announces; these ranges come from the sources we cite.",
    ),
    "lookup.previous_rank_only": (
        "Hasil sebelumnya di data kami ({year}): sumber hanya menyebut peringkatnya, tanpa nilai atau zona.",
        "Previous result in our data ({year}): the sources give only its rank, no score or zone.",
    ),
    # --- issue 13: zone maps ---
    "map.title_province": ("{what} — {province}, {year}", "{what} — {province}, {year}"),
    "map.title_country": (
        "{what} {kinds} — Indonesia, {year}",
        "{what} of {kinds} — Indonesia, {year}",
    ),
    "map.what.zones": ("Peta zona kepatuhan", "Compliance zone map"),
    "map.what.opini": ("Peta Opini Ombudsman", "Ombudsman Opinion map"),
    "map.pemprov": ("Pemprov {name}: {result}", "Provincial government of {name}: {result}"),
    "map.zone_only": ("{zone}, opini tidak disebut", "{zone}, opinion not stated"),
    "map.no_zone": ("Dinilai, zona tidak disebut sumber", "Assessed, zone not stated"),
    "map.not_assessed": ("Tidak dinilai", "Not assessed"),
    "map.no_data": ("Tidak ada di sumber kami", "Not in our sources"),
    "map.no_data_opini": (
        "Tidak ada di sumber kami (banyak pemda tidak dinilai putaran ini)",
        "Not in our sources (many were not assessed this round)",
    ),
    "map.not_pemda": (
        "Bukan pemda tersendiri (dinilai bersama pemprov)",
        "Not a local government of its own (assessed with the province)",
    ),
    "map.no_polygon": (
        "Tidak tergambar (peta dasar tidak punya batasnya): {bodies}",
        "Not drawn (the base map has no boundary for them): {bodies}",
    ),
    "map.no_polygon_rest": (
        "tanpa hasil di sumber kami: {bodies}",
        "no result in our sources: {bodies}",
    ),
    "map.mark_disputed": (
        "⚠ = sumber berbeda pendapat (arsiran silang); warnanya menurut nilai yang paling didukung sumber — tanyakan namanya untuk melihat semua nilai.",
        "⚠ = sources disagree (cross-hatched); coloured by the best-supported value — ask for the body by name to see every value.",
    ),
    "map.mark_group": (
        "* = dari pernyataan tentang sekelompok instansi, bukan daftar yang menyebut namanya.",
        "* = from a statement about a group of bodies, not a list naming the body.",
    ),
    "map.caption": (
        "{sources} halaman sumber · data hingga putaran {last} (diumumkan {date}), versi data {data} · batas wilayah: Indonesia-Geojson (MIT) · Tanya Kepatuhan",
        "{sources} source pages · data up to the {last} round (announced {date}), data version {data} · boundaries: Indonesia-Geojson (MIT) · Tanya Kepatuhan",
    ),
    "map.country_detail": (
        'Rincian per provinsi: tulis mis. "peta kalteng {year}" atau "rekap kalteng {year}".',
        'Details per province: write e.g. "map of central kalimantan {year}" or "overview of central kalimantan {year}".',
    ),
    "map.action": ("🗺️ Peta", "🗺️ Map"),
    "map.usage": (
        "Tulis nama provinsi dan, bila perlu, tahunnya, mis. /peta kalteng 2024. Peta seluruh Indonesia: /peta indonesia 2024; per provinsi: /peta provinsi 2024.",
        "Write a province and, if you like, a year, e.g. /peta central kalimantan 2024. The whole country: /peta indonesia 2024; by province: /peta provinsi 2024.",
    ),
    "bot.cmd.peta": ("Peta zona provinsi atau Indonesia", "Zone map of a province or Indonesia"),
    # --- issue 10: hardening ---
    "bot.flood.inline": (
        "Terlalu cepat 🙏 tunggu {seconds} detik",
        "Too fast 🙏 wait {seconds} seconds",
    ),
    "privacy.private_only": (
        "Data Anda hanya bisa dihapus di chat pribadi dengan saya, agar jumlahnya tidak terlihat di grup. Buka chat dengan saya dan ketik /hapusdata di sana.",
        "Your data can only be deleted in a private chat with me, so the counts are not shown in the group. Open a chat with me and type /hapusdata there.",
    ),
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
