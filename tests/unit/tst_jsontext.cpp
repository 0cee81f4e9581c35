#include <jsontext.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cosmos;

class tst_JsonText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void compactKeepsOrderAndNumberText();
    void prettyKeepsOrderAndNumberText();
    void invalidInputIsAnError_data();
    void invalidInputIsAnError();
    void arrayMemberCutsElements();
    void arrayMemberRefusesOtherShapes();
    void memberAndWithoutMembers();
    void sameContent();
    void deepNestingDoesNotOverflow();
};

static const QByteArray Doc = R"({ "zeta": 1, "alpha": {"z": true, "a": [3, 1.50, 2e3]},
  "big": 9007199254740993, "neg": -9223372036854775808, "10": "ten", "s": "caf\u00e9 \"q\"" })";

void tst_JsonText::compactKeepsOrderAndNumberText()
{
    const QByteArray c = JsonText::compact(Doc);
    QCOMPARE(c, QByteArray(R"({"zeta":1,"alpha":{"z":true,"a":[3,1.50,2e3]},"big":9007199254740993,)"
                           R"("neg":-9223372036854775808,"10":"ten","s":"café \"q\""})"));
    QCOMPARE(JsonText::compact(c), c); // stable
}

void tst_JsonText::prettyKeepsOrderAndNumberText()
{
    const QByteArray p = JsonText::pretty(Doc, 2);
    QVERIFY(p.startsWith("{\n  \"zeta\": 1,\n  \"alpha\": {\n    \"z\": true,"));
    QVERIFY(p.contains("\"big\": 9007199254740993"));
    QVERIFY(p.indexOf("\"zeta\"") < p.indexOf("\"alpha\"") && p.indexOf("\"big\"") < p.indexOf("\"10\""));
    QCOMPARE(JsonText::compact(p), JsonText::compact(Doc));
}

void tst_JsonText::invalidInputIsAnError_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::newRow("missing comma") << QByteArray("{\n \"a\": 1\n \"b\": 2}") << 3;
    QTest::newRow("truncated") << QByteArray("{\"Documents\":[{\"id\":\"a\"},") << 1;
    QTest::newRow("trailing text") << QByteArray("{} x") << 1;
    QTest::newRow("html") << QByteArray("<html></html>") << 1;
    QTest::newRow("bad utf-8") << QByteArray("{\"a\":\"\xff\"}") << 1;
    QTest::newRow("empty") << QByteArray() << 1;
}

void tst_JsonText::invalidInputIsAnError()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    const JsonText::ParseError e = JsonText::check(text);
    QVERIFY(e.isError());
    QVERIFY2(e.describe(text).startsWith(QStringLiteral("line %1,").arg(line)), qPrintable(e.describe(text)));
    JsonText::ParseError e2;
    QVERIFY(JsonText::compact(text, &e2).isEmpty());
    QCOMPARE(e2.offset, e.offset);
}

void tst_JsonText::arrayMemberCutsElements()
{
    const QByteArray page = R"({"_rid":"x","Documents":[{"b":1,"a":9007199254740993},7,"s",[1,{"c":[]}],{}],"_count":5})";
    QList<QByteArray> items;
    JsonText::ParseError e;
    QVERIFY(JsonText::arrayMember(page, "Documents", &items, &e));
    QCOMPARE(items, (QList<QByteArray>{R"({"b":1,"a":9007199254740993})", "7", "\"s\"",
                                       R"([1,{"c":[]}])", "{}"}));
    QList<QByteArray> elements;
    QVERIFY(JsonText::arrayElements("[1, {\"z\":0,\"a\":1}]", &elements));
    QCOMPARE(elements, (QList<QByteArray>{"1", R"({"z":0,"a":1})"}));
}

void tst_JsonText::arrayMemberRefusesOtherShapes()
{
    QList<QByteArray> items;
    JsonText::ParseError e;
    QVERIFY(!JsonText::arrayMember(R"({"Databases":[]})", "Documents", &items, &e));
    QVERIFY(e.message.contains(QStringLiteral("no \"Documents\" array")));
    QVERIFY(!JsonText::arrayMember(R"({"Documents":{}})", "Documents", &items, &e));
    QVERIFY(!JsonText::arrayMember(R"([1,2])", "Documents", &items, &e));
    QVERIFY(!JsonText::arrayMember(R"({"Documents":[1,2)", "Documents", &items, &e));
    // A nested member of the same name does not count.
    QVERIFY(!JsonText::arrayMember(R"({"x":{"Documents":[1]}})", "Documents", &items, &e));
}

void tst_JsonText::memberAndWithoutMembers()
{
    const QByteArray row = R"({"orderByItems":[{"item":2}],"payload":{"z":1,"a":12.50}})";
    QCOMPARE(JsonText::member(row, "payload"), QByteArray(R"({"z":1,"a":12.50})"));
    QCOMPARE(JsonText::member(row, "missing"), QByteArray());
    QCOMPARE(JsonText::member(R"({"n":1.0})", "n"), QByteArray("1.0"));
    const QByteArray stored = R"({"id":"a","_rid":"r","x":{"_ts":1},"_ts":5,"y":[1],"_etag":"\"e\""})";
    QCOMPARE(JsonText::withoutMembers(stored, JsonText::systemProperties()),
             QByteArray(R"({"id":"a","x":{"_ts":1},"y":[1]})"));
}

void tst_JsonText::sameContent()
{
    const QSet<QByteArray> sys = JsonText::systemProperties();
    QVERIFY(JsonText::sameContent(R"({"a":1,"b":[1,2]})", R"({"b":[1,2],"a":1.0,"_ts":3})", sys));
    QVERIFY(!JsonText::sameContent(R"({"a":1,"b":[1,2]})", R"({"b":[2,1],"a":1})", sys));
    QVERIFY(!JsonText::sameContent(R"({"a":1})", R"({"a":1,"c":null})", sys));
    QVERIFY(!JsonText::sameContent(R"({"a":"1"})", R"({"a":1})", sys));
    // A store that keeps doubles returns 2^53+1 as 2^53: that is still what was written.
    QVERIFY(JsonText::sameContent(R"({"n":9007199254740993})", R"({"n":9007199254740992})", sys));
    QVERIFY(!JsonText::sameContent(R"({"n":1})", R"({"n":2})", sys));
    QVERIFY(!JsonText::sameContent("{", "{", sys));
}

void tst_JsonText::deepNestingDoesNotOverflow()
{
    const QByteArray deep = QByteArray(200000, '[') + QByteArray(200000, ']');
    QVERIFY(!JsonText::check(deep).isError());
    QCOMPARE(JsonText::compact(deep).size(), deep.size());
}

QTEST_GUILESS_MAIN(tst_JsonText)
#include "tst_jsontext.moc"
