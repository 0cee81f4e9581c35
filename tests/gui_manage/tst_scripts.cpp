#include <executedialog.h>
#include <manageutil.h>
#include <scripteditor.h>
#include <sourceeditor.h>
#include <triggerchooser.h>

#include <cosmosclient.h>
#include <gatewayprocess.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>

using namespace Cosmos;
using namespace Manage;

class tst_Scripts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void createAndExecuteStoredProcedure();
    void triggerAndChooser();
    void renameAndDelete();
    void ctrlSSavesTheScript();

private:
    bool call(const std::function<PendingRequest *(QObject *, ResponseCallback)> &f,
              CosmosResponse *out = nullptr);

    GatewayProcess m_gateway;
    std::unique_ptr<CosmosClient> m_client;
    ResourcePath m_container = ResourcePath::container(QStringLiteral("ScriptsDB"),
                                                       QStringLiteral("books"));
};

bool tst_Scripts::call(const std::function<PendingRequest *(QObject *, ResponseCallback)> &f,
                       CosmosResponse *out)
{
    bool done = false;
    CosmosResponse result;
    f(this, [&](const CosmosResponse &r) { result = r; done = true; });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        return false;
    if (out)
        *out = result;
    return result.ok();
}

void tst_Scripts::initTestCase()
{
    QVERIFY2(m_gateway.start(), qPrintable(m_gateway.errorString()));
    m_client = std::make_unique<CosmosClient>(m_gateway.connection());
    setConfirmHandler([](const QString &, const QString &) { return true; });
    QVERIFY(call([&](QObject *c, ResponseCallback cb) {
        return m_client->create(ResourcePath::databases(), {{"id", "ScriptsDB"}}, {}, c, cb);
    }));
    QVERIFY(call([&](QObject *c, ResponseCallback cb) {
        return m_client->create(ResourcePath::database("ScriptsDB").feed(ResourceKind::Container),
                                {{"id", "books"},
                                 {"partitionKey", QJsonObject{{"paths", QJsonArray{"/genre"}},
                                                              {"kind", "Hash"}}}},
                                {}, c, cb);
    }));
}

void tst_Scripts::createAndExecuteStoredProcedure()
{
    ScriptEditor editor(m_client.get(), m_container.feed(ResourceKind::StoredProcedure));
    editor.show();
    QVERIFY(editor.isNew());
    QTest::keyClicks(editor.idEdit(), QStringLiteral("greet"));
    editor.editor()->setText(QStringLiteral(
        "function greet(name) {\n"
        "    console.log('hello from ' + name);\n"
        "    getContext().getResponse().setBody({ greeting: 'Hi ' + name });\n"
        "}\n"));
    QSignalSpy saved(&editor, &ScriptEditor::saved);
    QTest::mouseClick(editor.findChild<QPushButton *>(QStringLiteral("saveScript")), Qt::LeftButton);
    QVERIFY2(saved.wait(10000), qPrintable(editor.messageLine()->text()));
    QCOMPARE(editor.path().link(), QStringLiteral("dbs/ScriptsDB/colls/books/sprocs/greet"));
    QVERIFY(editor.messageLine()->text().contains(QStringLiteral("RU")));

    QSignalSpy executeRequested(&editor, &ScriptEditor::executeRequested);
    auto execute = editor.findChild<QPushButton *>(QStringLiteral("executeScript"));
    QVERIFY(execute->isEnabled());
    QTest::mouseClick(execute, Qt::LeftButton);
    QCOMPARE(executeRequested.size(), 1);

    auto dialog = new ExecuteStoredProcedureDialog(m_client.get(), editor.path());
    QPointer<ExecuteStoredProcedureDialog> guard(dialog);
    dialog->show();
    QTest::keyClicks(dialog->partitionKeyEdit(), QStringLiteral("\"fantasy\""));
    // Invalid parameters are marked and block execution.
    dialog->parametersEditor()->setText(QStringLiteral("[\"Ada\""));
    QVERIFY(!dialog->parametersValid());
    QVERIFY(dialog->parametersEditor()->hasErrorMark());
    QVERIFY(!dialog->executeButton()->isEnabled());
    dialog->parametersEditor()->setText(QStringLiteral("[\"Ada\"]"));
    QVERIFY(dialog->parametersValid());
    QVERIFY(dialog->executeButton()->isEnabled());
    QVERIFY(dialog->loggingBox()->isChecked());
    QSignalSpy executed(dialog, &ExecuteStoredProcedureDialog::executed);
    QTest::mouseClick(dialog->executeButton(), Qt::LeftButton);
    QVERIFY2(executed.wait(10000), qPrintable(dialog->messageLine()->text()));
    QVERIFY(dialog->resultView()->text().contains(QStringLiteral("Hi Ada")));
    QVERIFY(dialog->logView()->toPlainText().contains(QStringLiteral("hello from Ada")));
    QVERIFY(dialog->chargeLabel()->text().contains(QStringLiteral("RU")));
    if (!qEnvironmentVariableIsEmpty("COSMOSCOPE_SCREENSHOTS"))
        dialog->grab().save(qEnvironmentVariable("COSMOSCOPE_SCREENSHOTS") + "/execute.png");

    // A script error is shown with its status, and the typed parameters stay.
    dialog->partitionKeyEdit()->clear();
    QTest::mouseClick(dialog->executeButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->messageLine()->level(), MessageLine::Level::Error, 10000);
    QVERIFY(dialog->messageLine()->text().contains(QStringLiteral("400")));
    QCOMPARE(dialog->parametersEditor()->text(), QStringLiteral("[\"Ada\"]"));
    dialog->close();
    QTRY_VERIFY(guard.isNull());
}

void tst_Scripts::triggerAndChooser()
{
    ScriptEditor editor(m_client.get(), m_container.feed(ResourceKind::Trigger));
    QVERIFY(editor.triggerTypeBox());
    QTest::keyClicks(editor.idEdit(), QStringLiteral("stamp"));
    editor.triggerTypeBox()->setCurrentIndex(editor.triggerTypeBox()->findData("Pre"));
    editor.triggerOperationBox()->setCurrentIndex(editor.triggerOperationBox()->findData("Create"));
    editor.editor()->setText(QStringLiteral(
        "function stamp() { var r = getContext().getRequest(); var b = r.getBody();"
        " b.stamped = true; r.setBody(b); }"));
    QSignalSpy saved(&editor, &ScriptEditor::saved);
    editor.save();
    QVERIFY2(saved.wait(10000), qPrintable(editor.messageLine()->text()));

    TriggerChooser chooser(m_client.get(), m_container);
    QSignalSpy loaded(&chooser, &TriggerChooser::loaded);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(chooser.preBox()->count(), 2);
    chooser.setPreTrigger(QStringLiteral("stamp"));
    RequestOptions options;
    chooser.apply(&options);
    QCOMPARE(options.preTrigger, QStringLiteral("stamp"));
    QVERIFY(options.postTrigger.isEmpty());

    CosmosResponse r;
    bool done = false;
    m_client->writeItem(CosmosClient::ItemWrite::Create, m_container,
                        {{"id", "b1"}, {"genre", "fantasy"}}, options, this,
                        [&](const CosmosResponse &res) { r = res; done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    QVERIFY2(r.ok(), qPrintable(r.error.toString()));
    QCOMPARE(r.object().value("stamped").toBool(), true);
}

void tst_Scripts::renameAndDelete()
{
    ScriptEditor editor(m_client.get(), m_container.feed(ResourceKind::Udf));
    QTest::keyClicks(editor.idEdit(), QStringLiteral("double"));
    editor.editor()->setText(QStringLiteral("function double(x) { return x * 2; }"));
    QSignalSpy saved(&editor, &ScriptEditor::saved);
    editor.save();
    QVERIFY2(saved.wait(10000), qPrintable(editor.messageLine()->text()));

    // Rename by changing the id and saving: creates "twice", deletes "double".
    QSignalSpy renamed(&editor, &ScriptEditor::renamed);
    editor.idEdit()->setText(QStringLiteral("twice"));
    editor.save();
    QVERIFY2(renamed.wait(10000), qPrintable(editor.messageLine()->text()));
    QCOMPARE(editor.path().id(), QStringLiteral("twice"));
    CosmosResponse r;
    QVERIFY(!call([&](QObject *c, ResponseCallback cb) {
        return m_client->read(m_container.child(ResourceKind::Udf, "double"), {}, c, cb);
    }, &r));
    QCOMPARE(r.status, 404);

    QSignalSpy deleted(&editor, &ScriptEditor::deleted);
    QTest::mouseClick(editor.findChild<QPushButton *>(QStringLiteral("deleteScript")), Qt::LeftButton);
    QVERIFY(deleted.wait(10000));
    QVERIFY(editor.isNew());
    QVERIFY(editor.editor()->text().contains(QStringLiteral("x * 2"))); // nothing typed is lost
}

// Finding 5: Ctrl+S in the script's text saves it.
void tst_Scripts::ctrlSSavesTheScript()
{
    ScriptEditor editor(m_client.get(), m_container.feed(ResourceKind::Udf));
    editor.show();
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    QTest::keyClicks(editor.idEdit(), QStringLiteral("twice"));
    editor.editor()->setText(QStringLiteral("function twice(x) { return 2 * x; }"));
    editor.editor()->setFocus();
    QSignalSpy saved(&editor, &ScriptEditor::saved);
    QTest::keyClick(editor.editor(), Qt::Key_S, Qt::ControlModifier);
    QVERIFY2(saved.wait(10000), qPrintable(editor.messageLine()->text()));
}

QTEST_MAIN(tst_Scripts)
#include "tst_scripts.moc"
