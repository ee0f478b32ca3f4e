<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>ArticleView</name>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="449" />
        <source>{label} ({kind}) by {annotator}</source>
        <translation>{label} ({kind}) بواسطة {annotator}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="455" />
        <source>Speaker: {name}</source>
        <translation>المتحدث: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="462" />
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="463" />
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="464" />
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../annotator/gui/app.py" line="104" />
        <source>annotator: cannot open the database</source>
        <translation>annotator: تعذّر فتح قاعدة البيانات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="18" />
        <source>annotator: error</source>
        <translation>annotator: خطأ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="29" />
        <source>annotator</source>
        <translation>annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="40" />
        <source>Welcome to annotator</source>
        <translation>مرحبًا بك في annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="41" />
        <source>Your name (it is recorded with every annotation you make):</source>
        <translation>اسمك (يُسجَّل مع كل توسيم تضيفه):</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="62" />
        <source>annotator: unexpected error</source>
        <translation>annotator: خطأ غير متوقع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="66" />
        <source>Your saved annotations are safe: every action is stored as soon as it is shown.</source>
        <translation>توسيماتك المحفوظة في أمان: كل إجراء يُخزَّن فور ظهوره.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="73" />
        <source>Continue</source>
        <translation>متابعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="76" />
        <source>Quit</source>
        <translation>إنهاء</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="59" />
        <source>new</source>
        <translation>جديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="60" />
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="61" />
        <source>done</source>
        <translation>منجز</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="329" />
        <source>Search titles and text (any diacritics)…</source>
        <translation>ابحث في العناوين والنص (بتشكيل أو بدونه)…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="330" />
        <source>Searching…</source>
        <translation>جارٍ البحث…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="335" />
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="245" />
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="245" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="245" />
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="259" />
        <source>(untitled #{id})</source>
        <translation>(بلا عنوان رقم {id})</translation>
    </message>
</context>
<context>
    <name>ImportRunner</name>
    <message>
        <location filename="../../annotator/gui/importing.py" line="95" />
        <source>Importing…</source>
        <translation>جارٍ الاستيراد…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="95" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="96" />
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="134" />
        <source>Importing… {files} of {total} files, {records} records</source>
        <translation>جارٍ الاستيراد… {files} من {total} ملفات، {records} سجلات</translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="51" />
        <source>Filter labels…</source>
        <translation>تصفية الوسوم…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="52" />
        <source>Click a label, or press its key, to label the selection</source>
        <translation>انقر وسمًا أو اضغط مفتاحه لتوسيم التحديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="81" />
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="82" />
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="83" />
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="249" />
        <source>File</source>
        <translation>ملف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="250" />
        <source>Edit</source>
        <translation>تحرير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="251" />
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="252" />
        <source>View</source>
        <translation>عرض</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="253" />
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="254" />
        <source>Help</source>
        <translation>مساعدة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="255" />
        <source>Toolbar</source>
        <translation>شريط الأدوات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="256" />
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="257" />
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="258" />
        <source>Topics</source>
        <translation>المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="259" />
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="260" />
        <source>Annotator: {name}</source>
        <translation>الموسِّم: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="332" />
        <source>No more documents in this list</source>
        <translation>لا مزيد من المستندات في هذه القائمة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="364" />
        <source>Select some text first</source>
        <translation>حدّد نصًا أولًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="388" />
        <source>Nothing to label there</source>
        <translation>لا شيء يُوسَم هنا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="396" />
        <source>That span is already labelled {label}</source>
        <translation>هذا المقطع موسوم بالفعل {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="451" />
        <source>Who said it? Click the speaker (a PER or ORG span) or mark one; Esc cancels.</source>
        <translation>من القائل؟ انقر المتحدث (مقطع PER أو ORG) أو حدّده؛ Esc للإلغاء.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="471" />
        <source>Speaker linked</source>
        <translation>رُبط المتحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="484" />
        <source>That is not a PER or ORG span. Click a speaker, or Esc to cancel.</source>
        <translation>هذا ليس مقطع PER أو ORG. انقر متحدثًا أو اضغط Esc للإلغاء.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="543" />
        <source>Done {done} / {total}</source>
        <translation>المنجز {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="548" />
        <source>(untitled #{id})</source>
        <translation>(بلا عنوان رقم {id})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="574" />
        <source>Import articles</source>
        <translation>استيراد مقالات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="576" />
        <source>Articles (*.txt *.jsonl *.json);;All files (*)</source>
        <translation>مقالات (*.txt *.jsonl *.json);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="588" />
        <source>An import is already running</source>
        <translation>هناك استيراد قيد التشغيل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="595" />
        <source>Imported {added} new documents ({existing} already there)</source>
        <translation>استُورد {added} مستندًا جديدًا ({existing} موجودة مسبقًا)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="629" />
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
        <location filename="../../annotator/gui/main_window.py" line="638" />
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="673" />
        <source>The database is locked by another program ({reason}). Your last action was not saved; try it again in a moment.</source>
        <translation>قاعدة البيانات مقفلة من برنامج آخر ({reason}). لم يُحفظ إجراؤك الأخير؛ أعد المحاولة بعد قليل.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="676" />
        <source>The database refused the action: {reason}</source>
        <translation>رفضت قاعدة البيانات الإجراء: {reason}</translation>
    </message>
</context>
<context>
    <name>SpanTableModel</name>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="114" />
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="114" />
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="114" />
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="114" />
        <source>Speaker</source>
        <translation>المتحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="140" />
        <source>(none)</source>
        <translation>(لا أحد)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="172" />
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="173" />
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="174" />
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>TopicsPanel</name>
    <message>
        <location filename="../../annotator/gui/topics_panel.py" line="33" />
        <source>Topics of this article (keys 1-0 without a selection)</source>
        <translation>مواضيع هذا المقال (المفاتيح 1-0 دون تحديد)</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="39" />
        <source>This database has no documents yet.
Open the bundled demo article to try the tool, or import your own articles (.txt or .jsonl files; you can also drop them on this window).</source>
        <translation>لا تحتوي قاعدة البيانات هذه على مستندات بعد.
افتح المقال التجريبي المرفق لتجربة الأداة، أو استورد مقالاتك (ملفات بامتداد txt أو jsonl؛ يمكنك أيضًا إفلاتها على هذه النافذة).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="44" />
        <source>Open the demo article</source>
        <translation>فتح المقال التجريبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="45" />
        <source>Import files…</source>
        <translation>استيراد ملفات…</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../annotator/gui/actions.py" line="66" />
        <source>Import files…</source>
        <translation>استيراد ملفات…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="67" />
        <source>Open the demo article</source>
        <translation>فتح المقال التجريبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="68" />
        <source>Quit</source>
        <translation>إنهاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="69" />
        <source>Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="70" />
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="71" />
        <source>Delete selected spans</source>
        <translation>حذف المقاطع المحددة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="72" />
        <source>Cancel choosing a speaker (Esc)</source>
        <translation>إلغاء اختيار المتحدث (Esc)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="73" />
        <source>Keep proclitics out</source>
        <translation>استبعاد السوابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="76" />
        <source>Leave و ف ب ل ك out of entity spans (the article ال stays). Alt with a label key does this once; Shift with a label key labels exactly the selected characters.</source>
        <translation>استبعد و ف ب ل ك من مقاطع الكيانات (تبقى أداة التعريف ال). Alt مع مفتاح الوسم يفعل ذلك مرة واحدة؛ Shift مع مفتاح الوسم يوسم الأحرف المحددة بالضبط.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="81" />
        <source>Larger text</source>
        <translation>تكبير النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="82" />
        <source>Smaller text</source>
        <translation>تصغير النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="83" />
        <source>Default text size</source>
        <translation>الحجم الافتراضي للنص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="84" />
        <source>Previous document</source>
        <translation>المستند السابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="85" />
        <source>Next document</source>
        <translation>المستند التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="86" />
        <source>Mark done and go to next</source>
        <translation>تعليم كمنجز والانتقال للتالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="87" />
        <source>Search documents</source>
        <translation>البحث في المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="88" />
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
</context>
</TS>