#include <partitionkey.h>

#include <QJsonDocument>
#include <QTest>

using namespace Cosmos;

class tst_PartitionKey : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromJsonText_data();
    void fromJsonText();
    void invalidText_data();
    void invalidText();
    void fromDocument();
    void unsetKey();
    void definitionFromPathList();
    void definitionErrors_data();
    void definitionErrors();
    void definitionJsonRoundTrip();
};

void tst_PartitionKey::fromJsonText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("display");
    QTest::newRow("string") << "\"a\"" << QByteArray("[\"a\"]") << "a";
    QTest::newRow("number") << "123" << QByteArray("[123]") << "123";
    QTest::newRow("bool") << "true" << QByteArray("[true]") << "true";
    QTest::newRow("null") << "null" << QByteArray("[null]") << "null";
    QTest::newRow("hierarchical") << "[\"a\", 1]" << QByteArray("[\"a\",1]") << "[\"a\",1]";
    QTest::newRow("unicode") << "\"é \\\"q\\\"\"" << QByteArray("[\"\\u00e9 \\\"q\\\"\"]") << "é \"q\"";
    QTest::newRow("astral") << "\"\U0001F600\"" << QByteArray("[\"\\ud83d\\ude00\"]") << "\U0001F600";
}

void tst_PartitionKey::fromJsonText()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, header);
    QFETCH(QString, display);
    CosmosError error;
    const PartitionKey pk = PartitionKey::fromJsonText(text, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(pk.isSet());
    QCOMPARE(pk.headerValue(), header);
    QCOMPARE(pk.displayText(), display);
}

void tst_PartitionKey::invalidText_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("bare word") << "books";
    QTest::newRow("two values") << "1,2";
    QTest::newRow("injection") << "\"a\"],[\"b\"";
    QTest::newRow("empty") << "";
    QTest::newRow("unterminated") << "\"a";
}

void tst_PartitionKey::invalidText()
{
    QFETCH(QString, text);
    CosmosError error;
    const PartitionKey pk = PartitionKey::fromJsonText(text, &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
    QVERIFY(!pk.isSet());
}

void tst_PartitionKey::fromDocument()
{
    const QJsonObject doc = QJsonDocument::fromJson(
        R"({"id":"1","tenant":"t","user":{"id":7},"n":null})").object();
    QCOMPARE(PartitionKey::fromDocument(doc, {QStringLiteral("/tenant")}).headerValue(),
             QByteArray("[\"t\"]"));
    QCOMPARE(PartitionKey::fromDocument(doc, {QStringLiteral("/tenant"), QStringLiteral("/user/id")})
                 .headerValue(),
             QByteArray("[\"t\",7]"));
    // A missing path is undefined ({}), a null value stays null.
    QCOMPARE(PartitionKey::fromDocument(doc, {QStringLiteral("/missing")}).headerValue(),
             QByteArray("[{}]"));
    QCOMPARE(PartitionKey::fromDocument(doc, {QStringLiteral("/tenant/deeper")}).headerValue(),
             QByteArray("[{}]"));
    QCOMPARE(PartitionKey::fromDocument(doc, {QStringLiteral("/n")}).headerValue(),
             QByteArray("[null]"));
    // Non-partitioned (migrated) containers have no paths: [].
    QCOMPARE(PartitionKey::fromDocument(doc, {}).headerValue(), QByteArray("[]"));
}

void tst_PartitionKey::unsetKey()
{
    const PartitionKey pk;
    QVERIFY(!pk.isSet());
    QVERIFY(pk.displayText().isEmpty());
    QVERIFY(!(pk == PartitionKey::fromValue(QStringLiteral("a"))));
    QVERIFY(PartitionKey::fromValue(QStringLiteral("a")) == PartitionKey(QJsonArray{QStringLiteral("a")}));
}

void tst_PartitionKey::definitionFromPathList()
{
    CosmosError error;
    PartitionKeyDefinition d = PartitionKeyDefinition::fromPathList(QStringLiteral("/a"), &error);
    QVERIFY(!error.isError());
    QCOMPARE(d.paths, QStringList{QStringLiteral("/a")});
    QVERIFY(!d.isHierarchical());
    QCOMPARE(d.toJson().value(QStringLiteral("kind")).toString(), QStringLiteral("Hash"));
    d = PartitionKeyDefinition::fromPathList(QStringLiteral("/a, /b/c,/d"), &error);
    QVERIFY(!error.isError());
    QCOMPARE(d.paths, (QStringList{QStringLiteral("/a"), QStringLiteral("/b/c"), QStringLiteral("/d")}));
    QVERIFY(d.isHierarchical());
    QCOMPARE(d.toJson().value(QStringLiteral("kind")).toString(), QStringLiteral("MultiHash"));
    QCOMPARE(d.toJson().value(QStringLiteral("version")).toInt(), 2);
}

void tst_PartitionKey::definitionErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("no slash") << "category";
    QTest::newRow("only slash") << "/";
    QTest::newRow("four paths") << "/a,/b,/c,/d";
}

void tst_PartitionKey::definitionErrors()
{
    QFETCH(QString, text);
    CosmosError error;
    PartitionKeyDefinition::fromPathList(text, &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
}

void tst_PartitionKey::definitionJsonRoundTrip()
{
    const QJsonObject o = QJsonDocument::fromJson(
        R"({"paths":["/t","/u"],"kind":"MultiHash","version":2})").object();
    const PartitionKeyDefinition d = PartitionKeyDefinition::fromJson(o);
    QCOMPARE(d.paths.size(), 2);
    QCOMPARE(d.kind, QStringLiteral("MultiHash"));
    QCOMPARE(d.toJson(), o);
    // Old containers: no version means 1.
    QCOMPARE(PartitionKeyDefinition::fromJson(QJsonObject{{"paths", QJsonArray{"/x"}}}).version, 1);
}

QTEST_GUILESS_MAIN(tst_PartitionKey)
#include "tst_partitionkey.moc"
