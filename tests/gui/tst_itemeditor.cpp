// The item editor inside the explorer window, against the gateway: open items, edit and
// save (replace with If-Match), create and delete, invalid JSON marked and never sent, and a
// 412 from a second client opening the conflict dialog that keeps the edit.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <codeeditor.h>
#include <jsontext.h>
#include <conflictdialog.h>
#include <connectioncontroller.h>
#include <itemeditor.h>
#include <messagebar.h>
#include <resultview.h>
#include <roworderproxy.h>
#include <waitindicator.h>

#include <QAction>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QToolBar>
#include <QToolButton>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_ItemEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void opensSelectedItemWithSystemPropertiesApart();
    void editAndSave();
    void invalidJsonIsMarkedAndNotSent();
    void conflictKeepsTheEdit();
    void createAndDelete();
    void upsertCreatesThenOverwrites();
    void keepsKeyOrderAndNumberText();
    void slowSaveShowsWaitingAndCancels();
    void jsonIsCheckedWhileTyping();

private:
    QByteArray serverText(const QString &id, const QString &category);
    ItemEditor *selectItem(int row);
    QJsonObject serverItem(const QString &id, const QString &category);
    void typeAtStartOfLine(CodeEditor *editor, int line, const QString &text);

    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<CosmosClient> m_other; ///< "someone else"
    ItemsTab *m_tab = nullptr;
};

void tst_ItemEditor::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    m_window->activateWindow(); // window shortcuts (Ctrl+W, Ctrl+Return …) need it active
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    AccountSession *session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    m_tab = openProducts(m_window.get(), session);
    QVERIFY(m_tab);
    QCOMPARE(m_tab->model()->itemCount(), 100); // first page
    QCOMPARE(m_tab->model()->columnKeys().mid(0, 2), (QStringList{"id", "/category"}));
    m_other = std::make_unique<CosmosClient>(m_gateway.connection());
}

void tst_ItemEditor::cleanupTestCase()
{
    m_window.reset();
}

ItemEditor *tst_ItemEditor::selectItem(int row)
{
    ItemEditor *editor = m_tab->editor();
    if (editor->isModified())
        editor->discard();
    QTableView *table = m_tab->view()->table();
    table->setFocus();
    table->selectRow(row);
    const QString id = m_tab->view()->proxy()->index(row, 0).data().toString();
    QTest::qWaitFor([&] { return editor->itemId() == id && !editor->isFormatting(); }, 5000);
    return editor;
}

QJsonObject tst_ItemEditor::serverItem(const QString &id, const QString &category)
{
    RequestOptions options;
    options.partitionKey = PartitionKey::fromValue(category);
    const CosmosResponse r = call([&](QObject *ctx, ResponseCallback cb) {
        m_other->read(ResourcePath::container("SampleDB", "Products").child(ResourceKind::Item, id),
                      options,
                      ctx,
                      cb);
    });
    return r.object();
}

QByteArray tst_ItemEditor::serverText(const QString &id, const QString &category)
{
    RequestOptions options;
    options.partitionKey = PartitionKey::fromValue(category);
    const CosmosResponse r = call([&](QObject *ctx, ResponseCallback cb) {
        m_other->read(ResourcePath::container("SampleDB", "Products").child(ResourceKind::Item, id),
                      options, ctx, cb);
    });
    return JsonText::withoutMembers(r.body, JsonText::systemProperties());
}

void tst_ItemEditor::typeAtStartOfLine(CodeEditor *editor, int line, const QString &text)
{
    editor->setFocus();
    editor->setCursorPosition(line, 0);
    QTest::keyClicks(editor, text);
}

void tst_ItemEditor::opensSelectedItemWithSystemPropertiesApart()
{
    ItemEditor *editor = selectItem(0);
    const QJsonObject row = m_tab->model()->item(0);
    QCOMPARE(editor->itemId(), row.value("id").toString());
    QVERIFY(!editor->isNew());
    const QString text = editor->editor()->text();
    QVERIFY(text.contains(QStringLiteral("\"category\"")));
    QVERIFY(!text.contains(QStringLiteral("_etag")));
    QVERIFY(!text.contains(QStringLiteral("_rid")));
    QStringList shown;
    for (int i = 0; i < editor->systemPanel()->rowCount(); ++i)
        shown << editor->systemPanel()->item(i, 0)->text();
    QVERIFY(shown.contains(QStringLiteral("_etag")));
    QVERIFY(shown.contains(QStringLiteral("_ts")));
    QCOMPARE(editor->etag(), row.value("_etag").toString());
    QVERIFY(!editor->isModified());
}

void tst_ItemEditor::editAndSave()
{
    ItemEditor *editor = selectItem(1);
    const QString id = editor->itemId();
    const QString category = m_tab->model()->item(1).value("category").toString();
    const QString etagBefore = editor->etag();
    typeAtStartOfLine(editor->editor(), 1, QStringLiteral("\"note\": \"edited in the GUI\","));
    QVERIFY(editor->isModified());

    QSignalSpy saved(editor, &ItemEditor::itemSaved);
    editor->findChild<QAction *>(QStringLiteral("saveItem"))->trigger();
    QVERIFY(saved.wait(10000));
    QCOMPARE(saved.first().at(2).toBool(), false); // a replace, not a create
    const QJsonObject onServer = serverItem(id, category);
    QCOMPARE(onServer.value("note").toString(), QStringLiteral("edited in the GUI"));
    QVERIFY(onServer.value("_etag").toString() != etagBefore);
    QTRY_COMPARE(editor->etag(), onServer.value("_etag").toString());
    QVERIFY(!editor->isModified());
    // the grid row follows
    const int row = m_tab->model()->rowOfId(id);
    QCOMPARE(m_tab->model()->item(row).value("note").toString(),
             QStringLiteral("edited in the GUI"));
}

void tst_ItemEditor::invalidJsonIsMarkedAndNotSent()
{
    ItemEditor *editor = selectItem(2);
    const QString id = editor->itemId();
    const QString category = m_tab->model()->item(2).value("category").toString();
    const QString etagBefore = serverItem(id, category).value("_etag").toString();
    // line 3 (1-based) loses its trailing comma: the parser stops at its end
    typeAtStartOfLine(editor->editor(), 2, QStringLiteral("\"broken\": true "));
    editor->editor()->setCursorPosition(2, 0);
    QTest::keyClick(editor->editor(), Qt::Key_End);
    QTest::keyClick(editor->editor(), Qt::Key_Backspace); // remove the ','
    const QString typed = editor->editor()->text();

    editor->save();
    QVERIFY(editor->editor()->hasErrors());
    QCOMPARE(editor->editor()->errorLine(), 3);
    QVERIFY(editor->editor()->errorMessage().contains(QStringLiteral("line 3")));
    MessageBar *bar = m_tab->messageBar();
    QVERIFY(bar->isVisible());
    QVERIFY(bar->text().contains(QStringLiteral("Invalid JSON")));
    saveShot(m_window.get(), QStringLiteral("invalid-json.png"));
    QCOMPARE(editor->editor()->text(), typed); // nothing typed is lost
    QVERIFY(!editor->isBusy());                // nothing was sent …
    QCOMPARE(serverItem(id, category).value("_etag").toString(), etagBefore); // … or changed
    editor->discard();
    QVERIFY(!editor->editor()->hasErrors());
}

void tst_ItemEditor::conflictKeepsTheEdit()
{
    ItemEditor *editor = selectItem(3);
    const QString id = editor->itemId();
    const QString category = m_tab->model()->item(3).value("category").toString();

    // Someone else changes the item after we loaded it.
    QJsonObject theirs = serverItem(id, category);
    theirs.insert("price", 12345.0);
    const CosmosResponse replaced = call([&](QObject *ctx, ResponseCallback cb) {
        m_other->writeItem(CosmosClient::ItemWrite::Replace,
                           ResourcePath::container("SampleDB", "Products"),
                           theirs,
                           {},
                           ctx,
                           cb);
    });
    QVERIFY2(replaced.ok(), qPrintable(replaced.error.toString()));

    typeAtStartOfLine(editor->editor(), 1, QStringLiteral("\"mine\": 1,"));
    const QString myText = editor->editor()->text();
    editor->save();
    QTRY_VERIFY_WITH_TIMEOUT(editor->conflictDialog() && editor->conflictDialog()->isVisible(),
                             10000);
    ConflictDialog *dialog = editor->conflictDialog();
    QCOMPARE(dialog->yourText(), myText);
    QTRY_VERIFY(dialog->serverEditor()->text().contains(QStringLiteral("12345")));
    saveShot(dialog, QStringLiteral("conflict-dialog.png"));
    QVERIFY(dialog->overwriteButton()->isEnabled());

    QTest::mouseClick(dialog->keepEditingButton(), Qt::LeftButton);
    QTRY_VERIFY(!editor->conflictDialog());
    QCOMPARE(editor->editor()->text(), myText); // the edit is still there, unsaved
    QVERIFY(editor->isModified());
    QVERIFY(m_tab->messageBar()->text().contains(QStringLiteral("kept")));

    // Again, and this time overwrite the server version with the edit.
    editor->save();
    QTRY_VERIFY_WITH_TIMEOUT(editor->conflictDialog()
                                 && editor->conflictDialog()->overwriteButton()->isEnabled(),
                             10000);
    QSignalSpy saved(editor, &ItemEditor::itemSaved);
    QTest::mouseClick(editor->conflictDialog()->overwriteButton(), Qt::LeftButton);
    QVERIFY(saved.wait(10000));
    const QJsonObject now = serverItem(id, category);
    QCOMPARE(now.value("mine").toInt(), 1);
    QVERIFY(now.value("price").toDouble() != 12345.0); // our version, not theirs
}

void tst_ItemEditor::createAndDelete()
{
    ItemEditor *editor = m_tab->editor();
    if (editor->isModified())
        editor->discard();
    editor->findChild<QAction *>(QStringLiteral("newItem"))->trigger();
    QVERIFY(editor->isNew());
    editor->editor()->setText(QStringLiteral(
        "{\n    \"id\": \"gui-new-1\",\n    \"category\": \"Books\",\n    \"name\": \"New\"\n}\n"));
    const int before = m_tab->model()->itemCount();
    QSignalSpy saved(editor, &ItemEditor::itemSaved);
    editor->save();
    QVERIFY(saved.wait(10000));
    QCOMPARE(saved.first().at(2).toBool(), true);
    QCOMPARE(m_tab->model()->itemCount(), before + 1);
    QTRY_VERIFY(!editor->isNew());
    QCOMPARE(serverItem("gui-new-1", "Books").value("name").toString(), QStringLiteral("New"));

    // Creating the same id again: 409 in the message bar, the text stays.
    editor->newItem();
    const QString again = QStringLiteral("{\"id\": \"gui-new-1\", \"category\": \"Books\"}");
    editor->editor()->setText(again);
    editor->save();
    QTRY_VERIFY_WITH_TIMEOUT(m_tab->messageBar()->text().contains(QStringLiteral("409")), 10000);
    QVERIFY(m_tab->messageBar()->details().contains(QStringLiteral("Status: 409")));
    QCOMPARE(editor->editor()->text(), again);

    // Delete (confirmed) the created item.
    editor->discard();
    const int row = m_tab->model()->rowOfId(QStringLiteral("gui-new-1"));
    m_tab->view()->selectSourceRow(row);
    QTRY_COMPARE(editor->itemId(), QStringLiteral("gui-new-1"));
    QSignalSpy deleted(editor, &ItemEditor::itemDeleted);
    editor->deleteItem();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = editor->findChild<QMessageBox *>(QStringLiteral("confirmDeleteItem"))));
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QVERIFY(deleted.wait(10000));
    QCOMPARE(m_tab->model()->rowOfId(QStringLiteral("gui-new-1")), -1);
    QVERIFY(serverItem("gui-new-1", "Books").isEmpty());
}

void tst_ItemEditor::upsertCreatesThenOverwrites()
{
    ItemEditor *editor = m_tab->editor();
    if (editor->isModified())
        editor->discard();
    editor->newItem();
    editor->editor()->setText(
        QStringLiteral(R"({"id": "gui-upsert-1", "category": "Books", "name": "First"})"));
    QSignalSpy saved(editor, &ItemEditor::itemSaved);
    editor->findChild<QAction *>(QStringLiteral("upsertItem"))->trigger();
    QVERIFY(saved.wait(10000));
    QCOMPARE(saved.first().at(2).toBool(), true); // created (201)
    QVERIFY(m_tab->model()->rowOfId(QStringLiteral("gui-upsert-1")) >= 0);

    // Someone else changes it; upsert overwrites without If-Match (no conflict dialog).
    QJsonObject theirs = serverItem("gui-upsert-1", "Books");
    theirs.insert(QStringLiteral("name"), QStringLiteral("Theirs"));
    RequestOptions books;
    books.partitionKey = PartitionKey::fromValue(QStringLiteral("Books"));
    QVERIFY(call([&](QObject *ctx, ResponseCallback cb) {
                m_other->replace(ResourcePath::container("SampleDB", "Products")
                                     .child(ResourceKind::Item, QStringLiteral("gui-upsert-1")),
                                 theirs, books, ctx, cb);
            }).ok());
    QTRY_VERIFY(!editor->isFormatting());
    editor->editor()->setText(
        QStringLiteral(R"({"id": "gui-upsert-1", "category": "Books", "name": "Mine"})"));
    saved.clear();
    editor->findChild<QAction *>(QStringLiteral("upsertItem"))->trigger();
    QVERIFY(saved.wait(10000));
    QCOMPARE(saved.first().at(2).toBool(), false); // replaced (200)
    QVERIFY(!editor->conflictDialog());
    QCOMPARE(serverItem("gui-upsert-1", "Books").value("name").toString(), QStringLiteral("Mine"));
    QTRY_VERIFY(!editor->isFormatting() && !editor->isModified());
}

void tst_ItemEditor::keepsKeyOrderAndNumberText()
{
    ItemEditor *editor = m_tab->editor();
    if (editor->isModified())
        editor->discard();
    editor->newItem();
    // Keys out of alphabetical order at several depths, integers beyond 2^53.
    const QByteArray typed = "{\n    \"id\": \"fidelity-1\",\n    \"category\": \"Books\",\n"
                             "    \"zeta\": 1,\n    \"alpha\": {\"z\": true, \"a\": [3, 1, 2],"
                             " \"m\": {\"y\": 1, \"b\": -9223372036854775808}},\n"
                             "    \"big\": 9007199254740993,\n    \"10\": \"ten\"\n}\n";
    editor->editor()->setText(QString::fromUtf8(typed));
    QSignalSpy saved(editor, &ItemEditor::itemSaved);
    editor->save();
    QVERIFY(saved.wait(10000));
    QCOMPARE(serverText("fidelity-1", "Books"), JsonText::compact(typed));
    QTRY_VERIFY(!editor->isFormatting() && !editor->isNew());
    // The editor shows the stored document in its own order, numbers as they are.
    const QString shown = editor->editor()->text();
    QVERIFY2(shown.indexOf("\"zeta\"") < shown.indexOf("\"alpha\"")
                 && shown.indexOf("\"alpha\"") < shown.indexOf("\"big\"")
                 && shown.indexOf("\"big\"") < shown.indexOf("\"10\"")
                 && shown.contains("9007199254740993") && shown.contains("-9223372036854775808"),
             qPrintable(shown));

    // A one-field edit, typed: only that field changes in the stored document.
    const int zetaLine = int(shown.left(shown.indexOf("\"zeta\"")).count(QLatin1Char('\n')));
    editor->editor()->setFocus();
    editor->editor()->setCursorPosition(zetaLine, 0);
    QTest::keyClick(editor->editor(), Qt::Key_End);
    QTest::keyClick(editor->editor(), Qt::Key_Left); // before the ','
    QTest::keyClick(editor->editor(), Qt::Key_Backspace);
    QTest::keyClicks(editor->editor(), QStringLiteral("2"));
    saved.clear();
    editor->findChild<QAction *>(QStringLiteral("saveItem"))->trigger();
    QVERIFY(saved.wait(10000));
    QCOMPARE(saved.first().at(2).toBool(), false);
    QByteArray expected = JsonText::compact(typed);
    expected.replace("\"zeta\":1,", "\"zeta\":2,");
    QCOMPARE(serverText("fidelity-1", "Books"), expected);

    // The grid's JSON view shows the documents as stored too.
    m_tab->view()->showJson();
    QTRY_VERIFY_WITH_TIMEOUT(m_tab->view()->jsonView()->text().contains("\"big\": 9007199254740993"), 10000);
}

void tst_ItemEditor::slowSaveShowsWaitingAndCancels()
{
    ItemEditor *editor = selectItem(3);
    typeAtStartOfLine(editor->editor(), 1, QStringLiteral("\"slow\": true,"));
    // The server takes 8 s to answer writes.
    QCOMPARE(m_gateway.setFaults({{"delayRate", 1.0},
                                  {"delayMs", QJsonArray{8000, 8000}},
                                  {"methods", QJsonArray{"PUT"}}}),
             200);
    editor->findChild<QAction *>(QStringLiteral("saveItem"))->trigger();
    QVERIFY(editor->isBusy());
    WaitIndicator *wait = editor->waitIndicator();
    QVERIFY(!wait->isVisible()); // not for a moment's wait
    QTRY_VERIFY_WITH_TIMEOUT(wait->isVisible(), 4000);
    QVERIFY(wait->findChild<QLabel *>()->text().contains(QStringLiteral("waiting for the server")));
    saveShot(m_window.get(), QStringLiteral("item-editor-waiting.png"));
    QTest::mouseClick(wait->cancelButton(), Qt::LeftButton);
    QVERIFY(!editor->isBusy());
    QVERIFY(!wait->isVisible());
    QVERIFY(m_tab->messageBar()->text().contains(QStringLiteral("cancelled")));
    QVERIFY(editor->isModified()); // the edit is kept
    QCOMPARE(m_gateway.setFaults({}), 200);
    editor->discard();
}

// Finding 8: JSON is checked while typing (debounced; big texts off the GUI thread), and a
// missing comma on line 12 is reported at line 12's end, not at the next member.
void tst_ItemEditor::jsonIsCheckedWhileTyping()
{
    ItemEditor *editor = m_tab->editor();
    if (editor->isModified())
        editor->discard();
    QTest::mouseClick(editor->findChild<QToolBar *>()->widgetForAction(
                          editor->findChild<QAction *>(QStringLiteral("newItem"))),
                      Qt::LeftButton);
    CodeEditor *text = editor->editor();
    text->setFocus();
    QTest::keyClick(text, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(text, Qt::Key_Delete);
    QStringList lines{QStringLiteral("{"), QStringLiteral("\"id\": \"typed\",")};
    for (int i = 3; i <= 13; ++i) {
        // line 12 has no comma
        lines << QStringLiteral("\"k%1\": %1%2").arg(i).arg(i == 12 || i == 13 ? "" : ",");
    }
    lines << QStringLiteral("}");
    for (int i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(text, Qt::Key_Return);
        QTest::keyClicks(text, lines.at(i));
    }
    QVERIFY(editor->isModified());
    int line = 0;
    int index = 0;
    text->getCursorPosition(&line, &index);
    QTRY_VERIFY_WITH_TIMEOUT(text->hasErrors(), 5000); // without Save
    QCOMPARE(text->errorLine(), 12);
    QVERIFY2(text->errorMessage().contains(QStringLiteral("comma")),
             qPrintable(text->errorMessage()));
    QVERIFY2(text->errorMessage().contains(QStringLiteral("line 12")),
             qPrintable(text->errorMessage()));
    // and in full under the text, however narrow the pane (the inline note is cut at its edge)
    auto problem = editor->findChild<QLabel *>(QStringLiteral("jsonProblem"));
    QVERIFY(problem && problem->isVisible() && problem->wordWrap());
    QCOMPARE(problem->text(), text->errorMessage());
    int lineAfter = 0;
    int indexAfter = 0;
    text->getCursorPosition(&lineAfter, &indexAfter);
    QCOMPARE(lineAfter, line); // the check does not move the caret
    QCOMPARE(indexAfter, index);
    // Save says the same place
    editor->save();
    QCOMPARE(text->errorLine(), 12);
    QVERIFY(m_tab->messageBar()->text().contains(QStringLiteral("line 12")));
    // fixing it clears the mark
    text->setCursorPosition(11, text->text(11).trimmed().size());
    QTest::keyClick(text, Qt::Key_End);
    QTest::keyClicks(text, QStringLiteral(","));
    QVERIFY(!text->hasErrors());
    QTRY_VERIFY(!editor->isValidating());
    QVERIFY(!text->hasErrors());
    QVERIFY(!problem->isVisible());

    // a big text is checked on a worker thread, and the result still lands
    QString big = QStringLiteral("{\"id\": \"big\", \"pad\": \"")
                  + QString(200000, QLatin1Char('p')) + QStringLiteral("\"\n\"oops\": 1}");
    text->setText(big);
    text->setModified(true);
    text->setCursorPosition(0, 1);
    QTest::keyClicks(text, QStringLiteral(" "));
    QTRY_VERIFY(editor->isValidating());
    QTRY_VERIFY_WITH_TIMEOUT(!editor->isValidating(), 10000);
    QVERIFY(text->hasErrors());
    QCOMPARE(text->errorLine(), 1);
    editor->discard();
}

QTEST_MAIN(tst_ItemEditor)
#include "tst_itemeditor.moc"
