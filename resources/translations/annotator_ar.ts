<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AgreementPanel</name>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="148"/>
        <source>Compute again</source>
        <translation>احسب من جديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="150"/>
        <source>All labels</source>
        <translation>كل الوسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="151"/>
        <source>Entities</source>
        <translation>الكيانات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="152"/>
        <source>Quotes</source>
        <translation>الاقتباسات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="153"/>
        <source>Topic spans</source>
        <translation>مقاطع المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="157"/>
        <source>Which spans to compare: one kind at a time</source>
        <translation>أي المقاطع تُقارن: نوع واحد في كل مرة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="158"/>
        <source>Pairs by label</source>
        <translation>الأزواج حسب الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="159"/>
        <source>Alpha</source>
        <translation>ألفا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="160"/>
        <source>Topics</source>
        <translation>المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="161"/>
        <source>Pair matrix</source>
        <translation>مصفوفة الأزواج</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="165"/>
        <source>Not computed yet.</source>
        <translation>لم يُحسب بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="167"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="193"/>
        <source>Computing agreement…</source>
        <translation>يجري حساب الاتفاق…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="231"/>
        <source>Documents compared: {documents}. Annotators: {names}.</source>
        <translation>المستندات المقارنة: {documents}. الموسِّمون: {names}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="235"/>
        <source>(all labels)</source>
        <translation>(كل الوسوم)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="239"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="270"/>
        <source>Annotator A</source>
        <translation>الموسِّم أ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="240"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="271"/>
        <source>Annotator B</source>
        <translation>الموسِّم ب</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="241"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="265"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="242"/>
        <source>Exact F1</source>
        <translation>F1 بالتطابق التام</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="243"/>
        <source>Overlap F1</source>
        <translation>F1 بالتداخل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="244"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="274"/>
        <source>Kappa</source>
        <translation>كابا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="260"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="266"/>
        <source>(all topics)</source>
        <translation>(كل المواضيع)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="262"/>
        <source>topic {name}</source>
        <translation>الموضوع {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="265"/>
        <source>Krippendorff&apos;s alpha</source>
        <translation>ألفا كريبندورف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="272"/>
        <source>Topic</source>
        <translation>الموضوع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="273"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="294"/>
        <source>Overlap F1 over all labels, for each annotator pair</source>
        <translation>F1 بالتداخل على كل الوسوم، لكل زوج من الموسِّمين</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="570"/>
        <source>{label} ({kind}) by {annotator}</source>
        <translation>{label} ({kind}) بواسطة {annotator}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="576"/>
        <source>Speaker: {name}</source>
        <translation>المتحدث: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="587"/>
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="588"/>
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="589"/>
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../annotator/gui/app.py" line="115"/>
        <source>annotator: cannot open the database</source>
        <translation>annotator: تعذّر فتح قاعدة البيانات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="18"/>
        <source>annotator: error</source>
        <translation>annotator: خطأ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="29"/>
        <location filename="../../annotator/gui/dialogs.py" line="49"/>
        <source>annotator</source>
        <translation>annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="50"/>
        <source>{path} exists. Replace it?</source>
        <translation>الملف {path} موجود. أتريد استبداله؟</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="62"/>
        <source>annotator: changed meanwhile</source>
        <translation>annotator: تغيّر في الأثناء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="63"/>
        <source>Someone else changed this document meanwhile. Your last action was not saved, so nothing of theirs was overwritten. The document is reloaded now: look at it again and redo your action if it is still needed.</source>
        <translation>غيّر شخص آخر هذا المستند في الأثناء. لم يُحفظ إجراؤك الأخير، فلم يُكتب شيء فوق عمله. يُعاد تحميل المستند الآن: راجعه وأعد إجراءك إن كان لا يزال لازمًا.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="79"/>
        <source>Welcome to annotator</source>
        <translation>مرحبًا بك في annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="80"/>
        <source>Your name (it is recorded with every annotation you make):</source>
        <translation>اسمك (يُسجَّل مع كل توسيم تضيفه):</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="101"/>
        <source>annotator: unexpected error</source>
        <translation>annotator: خطأ غير متوقع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="105"/>
        <source>Your saved annotations are safe: every action is stored as soon as it is shown.</source>
        <translation>توسيماتك المحفوظة في أمان: كل إجراء يُخزَّن فور ظهوره.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="112"/>
        <source>Continue</source>
        <translation>متابعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="115"/>
        <source>Quit</source>
        <translation>إنهاء</translation>
    </message>
</context>
<context>
    <name>DisagreementModel</name>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="213"/>
        <source>Disagreement / version</source>
        <translation>الخلاف / النسخة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="213"/>
        <source>In gold</source>
        <translation>في المرجع</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="69"/>
        <source>new</source>
        <translation>جديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="70"/>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="71"/>
        <source>done</source>
        <translation>منجز</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="411"/>
        <source>Search titles and ids (any diacritics)…</source>
        <translation>ابحث في العناوين والمعرّفات (بتشكيل أو بدونه)…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="412"/>
        <source>Searching…</source>
        <translation>جارٍ البحث…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="417"/>
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="315"/>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="315"/>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="315"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="329"/>
        <source>(untitled #{id})</source>
        <translation>(بلا عنوان رقم {id})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="337"/>
        <source>{title}
(in your queue)</source>
        <translation>{title}
(في قائمتك)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="84"/>
        <source>Export annotations</source>
        <translation>تصدير التوسيمات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="87"/>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="94"/>
        <source>annotator JSON lines (spans, quotes, speakers, topics)</source>
        <translation>أسطر JSON الخاصة بـ annotator (المقاطع والاقتباسات والمتحدثون والمواضيع)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="95"/>
        <source>CoNLL / BIO tags</source>
        <translation>وسوم CoNLL / BIO</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="96"/>
        <source>Label Studio tasks</source>
        <translation>مهام Label Studio</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="97"/>
        <source>Prodigy / spaCy (with tokens)</source>
        <translation>Prodigy / spaCy (مع الرموز)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="98"/>
        <source>doccano</source>
        <translation>doccano</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="99"/>
        <source>Hugging Face token classification</source>
        <translation>تصنيف الرموز لـ Hugging Face</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="106"/>
        <source>Split the clitics و ف ب ل ك into tokens of their own</source>
        <translation>افصل السوابق و ف ب ل ك رموزًا مستقلة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="109"/>
        <source>Every annotator&apos;s layer</source>
        <translation>طبقة كل موسِّم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="110"/>
        <source>My layer only</source>
        <translation>طبقتي فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="112"/>
        <source>The gold (adjudicated) layer</source>
        <translation>الطبقة المرجعية (المحسومة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="113"/>
        <source>Only layers marked done</source>
        <translation>الطبقات المعلَّمة كمنجزة فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="114"/>
        <source>Also documents without annotations</source>
        <translation>والمستندات غير الموسومة أيضًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="118"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="120"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="124"/>
        <source>File:</source>
        <translation>الملف:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="125"/>
        <source>Format:</source>
        <translation>الصيغة:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="126"/>
        <source>Tag scheme:</source>
        <translation>مخطط الوسوم:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="128"/>
        <source>Layers:</source>
        <translation>الطبقات:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="153"/>
        <source>Export to</source>
        <translation>التصدير إلى</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="153"/>
        <source>All files (*)</source>
        <translation>كل الملفات (*)</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="266"/>
        <source>An export is already running.</source>
        <translation>يجري تصدير بالفعل.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="282"/>
        <source>Choose a file to export to.</source>
        <translation>اختر ملفًا للتصدير إليه.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="289"/>
        <source>{name} has no annotations yet.</source>
        <translation>لم يضع {name} أي توسيم بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="305"/>
        <source>Wrote {records} records ({documents} documents, {spans} spans) to {path}.</source>
        <translation>كُتبت {records} سجلات ({documents} مستندات، {spans} مقاطع) في {path}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="314"/>
        <source>Also wrote {path}.</source>
        <translation>وكُتب أيضًا {path}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="318"/>
        <source>{n} notes: what the format cannot hold was left out, never moved (see the details).</source>
        <translation>{n} ملاحظات: ما لا تتسع له الصيغة تُرك خارجها ولم يُنقل قط (انظر التفاصيل).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="323"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="222"/>
        <source>Exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="222"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="228"/>
        <source>Exporting… {n} records</source>
        <translation>جارٍ التصدير… {n} سجلات</translation>
    </message>
</context>
<context>
    <name>ImportRunner</name>
    <message>
        <location filename="../../annotator/gui/importing.py" line="75"/>
        <source>Importing…</source>
        <translation>جارٍ الاستيراد…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="75"/>
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="89"/>
        <source>Importing… {files} of {total} files, {records} records</source>
        <translation>جارٍ الاستيراد… {files} من {total} ملفات، {records} سجلات</translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="51"/>
        <source>Filter labels…</source>
        <translation>تصفية الوسوم…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="52"/>
        <source>Click a label, or press its key, to label the selection</source>
        <translation>انقر وسمًا أو اضغط مفتاحه لتوسيم التحديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="81"/>
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="82"/>
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="83"/>
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>Labelling</name>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="46"/>
        <source>Select some text first</source>
        <translation>حدّد نصًا أولًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="72"/>
        <source>Nothing to label there</source>
        <translation>لا شيء يُوسَم هنا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="80"/>
        <source>That span is already labelled {label}</source>
        <translation>هذا المقطع موسوم بالفعل {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="138"/>
        <source>Who said it? Click the speaker (a PER or ORG span) or mark one; Esc cancels.</source>
        <translation>من القائل؟ انقر المتحدث (مقطع PER أو ORG) أو حدّده؛ Esc للإلغاء.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="158"/>
        <source>Speaker linked</source>
        <translation>رُبط المتحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="173"/>
        <source>That is not a PER or ORG span. Click a speaker, or Esc to cancel.</source>
        <translation>هذا ليس مقطع PER أو ORG. انقر متحدثًا أو اضغط Esc للإلغاء.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Training the suggestion model…</source>
        <translation>تدريب نموذج الاقتراحات…</translation>
    </message>
    <message>
        <source>The suggestion model is being trained</source>
        <translation>نموذج الاقتراحات قيد التدريب</translation>
    </message>
    <message>
        <source>Suggestion model {version} trained</source>
        <translation>دُرِّب نموذج الاقتراحات {version}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="269"/>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="270"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="271"/>
        <source>Topics</source>
        <translation>المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="272"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="273"/>
        <location filename="../../annotator/gui/menus.py" line="75"/>
        <source>Review</source>
        <translation>المراجعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="274"/>
        <source>Agreement</source>
        <translation>الاتفاق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="478"/>
        <source>Done {done} / {assigned} assigned</source>
        <translation>المنجز {done} / {assigned} مُسنَدة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="489"/>
        <source>Reviewer: {name} (editing the gold layer)</source>
        <translation>المراجِع: {name} (يحرّر الطبقة المرجعية)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="491"/>
        <source>Reviewer: {name}</source>
        <translation>المراجِع: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="493"/>
        <source>Annotator: {name}</source>
        <translation>الموسِّم: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="609"/>
        <source>Review mode (Ctrl+R): F8 / Shift+F8 (or N / Shift+N) next / previous disagreement, Ctrl+1…9 accept version 1…9, Ctrl+Delete reject it. Label keys, Delete and the topics edit the gold layer.</source>
        <translation>وضع المراجعة (Ctrl+R): F8 / Shift+F8 (أو N / Shift+N) الخلاف التالي / السابق، Ctrl+1…9 قبول النسخة 1…9، Ctrl+Delete رفضه. مفاتيح الوسوم وDelete والمواضيع تحرّر الطبقة المرجعية.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="664"/>
        <source>The database is busy: other programs kept writing to it. Your last action was not saved; try it again in a moment.

{reason}</source>
        <translation>قاعدة البيانات مشغولة: ظلّت برامج أخرى تكتب فيها. لم يُحفظ إجراؤك الأخير؛ أعد المحاولة بعد لحظة.

{reason}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="363"/>
        <source>No more documents in this list</source>
        <translation>لا مزيد من المستندات في هذه القائمة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="483"/>
        <source>Done {done} / {total}</source>
        <translation>المنجز {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="530"/>
        <source>(untitled #{id})</source>
        <translation>(بلا عنوان رقم {id})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="556"/>
        <source>Import articles</source>
        <translation>استيراد مقالات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="558"/>
        <source>Articles (*.txt *.jsonl *.json);;All files (*)</source>
        <translation>مقالات (*.txt *.jsonl *.json);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="570"/>
        <source>An import is already running</source>
        <translation>هناك استيراد قيد التشغيل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="577"/>
        <source>Imported {added} new documents ({existing} already there)</source>
        <translation>استُورد {added} مستندًا جديدًا ({existing} موجودة مسبقًا)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="616"/>
        <source>Select text and press a label key:
{keys}

Alt+key: keep proclitics (و ف ب ل ك) out. Shift+key: exact characters.
Topic keys without a selection toggle the document topic.
Double-click: label the word with the last label used.
After a QUOTE, click its speaker (PER/ORG) or mark one; Esc cancels.
Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo, Delete removes the selected span.
Ctrl+PgDown / Ctrl+PgUp (or Alt+arrows): next / previous document.
Ctrl+Enter: mark done and go on. Ctrl+= / Ctrl+-: text size.</source>
        <translation>حدّد نصًا واضغط مفتاح الوسم:
{keys}

Alt مع المفتاح: استبعاد السوابق (و ف ب ل ك). Shift مع المفتاح: الأحرف المحددة بالضبط.
مفاتيح المواضيع دون تحديد تبدّل موضوع المستند.
النقر المزدوج: توسيم الكلمة بآخر وسم مستخدم.
بعد QUOTE انقر المتحدث (PER/ORG) أو حدّده؛ Esc للإلغاء.
Ctrl+Z تراجع، Ctrl+Shift+Z أو Ctrl+Y إعادة، Delete يحذف المقطع المحدد.
Ctrl+PgDown / Ctrl+PgUp (أو Alt مع الأسهم): المستند التالي / السابق.
Ctrl+Enter: تعليم كمنجز والانتقال. Ctrl+= / Ctrl+-: حجم النص.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="626"/>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="70"/>
        <source>File</source>
        <translation>ملف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="71"/>
        <source>Edit</source>
        <translation>تحرير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="72"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="73"/>
        <source>View</source>
        <translation>عرض</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="74"/>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="76"/>
        <source>Accept version</source>
        <translation>اقبل النسخة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="77"/>
        <source>Help</source>
        <translation>مساعدة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="78"/>
        <source>Toolbar</source>
        <translation>شريط الأدوات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="80"/>
        <source>Review toolbar</source>
        <translation>شريط المراجعة</translation>
    </message>
</context>
<context>
    <name>NotificationBar</name>
    <message>
        <location filename="../../annotator/gui/notice.py" line="34"/>
        <source>Dismiss</source>
        <translation>إخفاء</translation>
    </message>
</context>
<context>
    <name>ReviewMode</name>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="102"/>
        <source>Review mode is for reviewers</source>
        <translation>وضع المراجعة للمراجِعين فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="127"/>
        <source>the gold layer</source>
        <translation>الطبقة المرجعية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="213"/>
        <source>{label}: every annotator has it</source>
        <translation>{label}: وضعه كل الموسِّمين</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="281"/>
        <source>No disagreements in this document</source>
        <translation>لا خلافات في هذا المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="317"/>
        <source>Topic {topic}: annotators disagree (see the review panel)</source>
        <translation>الموضوع {topic}: اختلف الموسِّمون (انظر لوحة المراجعة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="351"/>
        <source>Gold layer started from the majority vote</source>
        <translation>بدأت الطبقة المرجعية من تصويت الأغلبية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="362"/>
        <source>This disagreement has no such version</source>
        <translation>ليس لهذا الخلاف هذه النسخة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="371"/>
        <location filename="../../annotator/gui/review_mode.py" line="386"/>
        <source>Choose a disagreement first (F8)</source>
        <translation>اختر خلافًا أولًا (F8)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="400"/>
        <source>Comment saved</source>
        <translation>حُفظ التعليق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="428"/>
        <source>Another reviewer changed the gold layer; it was reloaded.</source>
        <translation>غيّر مراجِع آخر الطبقة المرجعية؛ أُعيد تحميلها.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="441"/>
        <source>{names} changed this document; the review shows their latest work.</source>
        <translation>غيّر {names} هذا المستند؛ تعرض المراجعة آخر عملهم.</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="58"/>
        <source>missing span</source>
        <translation>مقطع ناقص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="59"/>
        <source>different label</source>
        <translation>وسم مختلف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="60"/>
        <source>different boundaries</source>
        <translation>حدود مختلفة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="61"/>
        <source>different speaker</source>
        <translation>متحدث مختلف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="62"/>
        <source>different topics</source>
        <translation>مواضيع مختلفة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="79"/>
        <source>topic {topic}</source>
        <translation>الموضوع {topic}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="82"/>
        <source>not {topic}</source>
        <translation>ليس {topic}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="87"/>
        <source>no speaker</source>
        <translation>بلا متحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="88"/>
        <source>no span</source>
        <translation>بلا مقطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="92"/>
        <source>speaker {spans}</source>
        <translation>المتحدث {spans}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="329"/>
        <source>Start gold from majority vote</source>
        <translation>ابدأ الطبقة المرجعية من تصويت الأغلبية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="331"/>
        <source>Replace the gold layer by what more than half of the annotators have</source>
        <translation>استبدل الطبقة المرجعية بما وضعه أكثر من نصف الموسِّمين</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="333"/>
        <source>Previous</source>
        <translation>السابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="334"/>
        <source>Previous disagreement (Shift+F8)</source>
        <translation>الخلاف السابق (Shift+F8)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="335"/>
        <source>Next</source>
        <translation>التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="336"/>
        <source>Next disagreement (F8)</source>
        <translation>الخلاف التالي (F8)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="337"/>
        <source>Accept</source>
        <translation>قبول</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="339"/>
        <source>Put the selected version into the gold layer (Ctrl+1…9 for version 1…9)</source>
        <translation>ضع النسخة المحددة في الطبقة المرجعية (Ctrl+1…9 للنسخة 1…9)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="341"/>
        <source>Reject</source>
        <translation>رفض</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="343"/>
        <source>Leave every version of this disagreement out of gold (Ctrl+Delete)</source>
        <translation>أبقِ كل نسخ هذا الخلاف خارج المرجع (Ctrl+Delete)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="345"/>
        <source>Reviewer comment</source>
        <translation>تعليق المراجِع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="346"/>
        <source>Save comment</source>
        <translation>احفظ التعليق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="347"/>
        <source>A note on this document for the team…</source>
        <translation>ملاحظة عن هذا المستند للفريق…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="391"/>
        <source>Open a document to review it.</source>
        <translation>افتح مستندًا لمراجعته.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="389"/>
        <source>No annotator has worked on this document yet.</source>
        <translation>لم يعمل أي موسِّم على هذا المستند بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="397"/>
        <source>Layers of {names}. {total} disagreements, {done} decided in gold.</source>
        <translation>طبقات {names}. الخلافات: {total}، المحسوم منها في المرجع: {done}.</translation>
    </message>
</context>
<context>
    <name>SpanTableModel</name>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="114"/>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="114"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="114"/>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="114"/>
        <source>Speaker</source>
        <translation>المتحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="140"/>
        <source>(none)</source>
        <translation>(لا أحد)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="172"/>
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="173"/>
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="174"/>
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../annotator/gui/task.py" line="98"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
</context>
<context>
    <name>TopicsPanel</name>
    <message>
        <location filename="../../annotator/gui/topics_panel.py" line="33"/>
        <source>Topics of this article (keys 1-0 without a selection)</source>
        <translation>مواضيع هذا المقال (المفاتيح 1-0 دون تحديد)</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="39"/>
        <source>This database has no documents yet.
Open the bundled demo article to try the tool, or import your own articles (.txt or .jsonl files; you can also drop them on this window).</source>
        <translation>لا تحتوي قاعدة البيانات هذه على مستندات بعد.
افتح المقال التجريبي المرفق لتجربة الأداة، أو استورد مقالاتك (ملفات بامتداد txt أو jsonl؛ يمكنك أيضًا إفلاتها على هذه النافذة).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="44"/>
        <source>Open the demo article</source>
        <translation>فتح المقال التجريبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="45"/>
        <source>Import files…</source>
        <translation>استيراد ملفات…</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../annotator/gui/actions.py" line="96"/>
        <source>Import files…</source>
        <translation>استيراد ملفات…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="97"/>
        <source>Open the demo article</source>
        <translation>فتح المقال التجريبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="98"/>
        <source>Export annotations…</source>
        <translation>تصدير التوسيمات…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="101"/>
        <source>Write training data: annotator JSON lines, CoNLL, Prodigy/spaCy, doccano, Label Studio or Hugging Face</source>
        <translation>اكتب بيانات التدريب: أسطر JSON الخاصة بـ annotator أو CoNLL أو Prodigy/spaCy أو doccano أو Label Studio أو Hugging Face</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="105"/>
        <source>Quit</source>
        <translation>إنهاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="106"/>
        <source>Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="107"/>
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="108"/>
        <source>Delete selected spans</source>
        <translation>حذف المقاطع المحددة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="109"/>
        <source>Cancel choosing a speaker (Esc)</source>
        <translation>إلغاء اختيار المتحدث (Esc)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="110"/>
        <source>Keep proclitics out</source>
        <translation>استبعاد السوابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="113"/>
        <source>Leave و ف ب ل ك out of entity spans (the article ال stays). Alt with a label key does this once; Shift with a label key labels exactly the selected characters.</source>
        <translation>استبعد و ف ب ل ك من مقاطع الكيانات (تبقى أداة التعريف ال). Alt مع مفتاح الوسم يفعل ذلك مرة واحدة؛ Shift مع مفتاح الوسم يوسم الأحرف المحددة بالضبط.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="118"/>
        <source>Larger text</source>
        <translation>تكبير النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="119"/>
        <source>Smaller text</source>
        <translation>تصغير النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="120"/>
        <source>Default text size</source>
        <translation>الحجم الافتراضي للنص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="121"/>
        <source>Previous document</source>
        <translation>المستند السابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="122"/>
        <source>Next document</source>
        <translation>المستند التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="123"/>
        <source>Mark done and go to next</source>
        <translation>تعليم كمنجز والانتقال للتالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="124"/>
        <source>Search documents</source>
        <translation>البحث في المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="125"/>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="126"/>
        <source>Review mode</source>
        <translation>وضع المراجعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="129"/>
        <source>Reviewers: see every annotator&apos;s layer of the document, with each disagreement marked, and build the gold layer</source>
        <translation>للمراجِعين: اعرض طبقات كل الموسِّمين للمستند مع تمييز كل خلاف، وابنِ الطبقة المرجعية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="133"/>
        <source>Start gold from majority vote</source>
        <translation>ابدأ الطبقة المرجعية من تصويت الأغلبية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="134"/>
        <source>Next disagreement</source>
        <translation>الخلاف التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="135"/>
        <source>Previous disagreement</source>
        <translation>الخلاف السابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="136"/>
        <source>Reject disagreement</source>
        <translation>ارفض الخلاف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="138"/>
        <source>Accept version {n}</source>
        <translation>اقبل النسخة {n}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="139"/>
        <source>Agreement…</source>
        <translation>الاتفاق…</translation>
    </message>
</context>
<context>
    <name>SuggestionActions</name>
    <message>
        <source>Train the suggestion model</source>
        <translation>درّب نموذج الاقتراحات</translation>
    </message>
    <message>
        <source>Learn entities from the done and gold layers, in the background; the new model suggests from the next document on</source>
        <translation>تعلّم الكيانات من الطبقات المنجزة والمرجعية في الخلفية؛ يقترح النموذج الجديد ابتداءً من المستند التالي</translation>
    </message>
    <message>
        <source>Next suggestion</source>
        <translation>الاقتراح التالي</translation>
    </message>
    <message>
        <source>Previous suggestion</source>
        <translation>الاقتراح السابق</translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation>اقبل الاقتراح</translation>
    </message>
    <message>
        <source>Reject suggestion</source>
        <translation>ارفض الاقتراح</translation>
    </message>
    <message>
        <source>Accept all suggestions in the document</source>
        <translation>اقبل كل اقتراحات المستند</translation>
    </message>
    <message>
        <source>Suggestions (dashed outlines): F9 / Shift+F9 next / previous, F10 accept, F11 reject, Ctrl+F10 accept all in the document.</source>
        <translation>الاقتراحات (بإطار متقطع): F9 / Shift+F9 التالي / السابق، F10 قبول، F11 رفض، Ctrl+F10 قبول كل اقتراحات المستند.</translation>
    </message>
</context>
<context>
    <name>SuggestionOverlay</name>
    <message>
        <source>propagation</source>
        <translation>نشر</translation>
    </message>
    <message>
        <source>dictionary</source>
        <translation>قاموس</translation>
    </message>
    <message>
        <source>model</source>
        <translation>نموذج</translation>
    </message>
    <message>
        <source>quotes</source>
        <translation>اقتباسات</translation>
    </message>
    <message>
        <source>topics</source>
        <translation>مواضيع</translation>
    </message>
    <message>
        <source>Suggestion: {label} — {suggester}, score {score}</source>
        <translation>اقتراح: {label} — {suggester}، الدرجة {score}</translation>
    </message>
</context>
</TS>
