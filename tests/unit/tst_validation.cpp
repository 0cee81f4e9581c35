#include <validation.h>

#include <QJsonDocument>
#include <QTest>

using namespace Cosmos;

class tst_Validation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validIds_data();
    void validIds();
    void invalidIds_data();
    void invalidIds();
    void jsonErrorPosition();
    void jsonMustBeObject();
    void jsonOk();
    void item();
};

void tst_Validation::validIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("simple") << "abc";
    QTest::newRow("spaces inside") << "a b";
    QTest::newRow("unicode") << "été-日本";
    QTest::newRow("255 chars") << QString(255, QLatin1Char('x'));
    QTest::newRow("punctuation") << "a.b_c-d:e@f";
}

void tst_Validation::validIds()
{
    QFETCH(QString, id);
    QVERIFY(!validateId(id).isError());
}

void tst_Validation::invalidIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("empty") << "";
    QTest::newRow("slash") << "a/b";
    QTest::newRow("backslash") << "a\\b";
    QTest::newRow("question") << "a?b";
    QTest::newRow("hash") << "a#b";
    QTest::newRow("trailing space") << "ab ";
    QTest::newRow("256 chars") << QString(256, QLatin1Char('x'));
}

void tst_Validation::invalidIds()
{
    QFETCH(QString, id);
    const CosmosError e = validateId(id, QStringLiteral("item id"));
    QCOMPARE(e.kind, CosmosError::Kind::InvalidInput);
    QVERIFY(e.message.contains(QStringLiteral("item id")));
}

void tst_Validation::jsonErrorPosition()
{
    CosmosError error;
    JsonProblem problem;
    const QJsonObject o = parseJsonObject("{\n  \"a\": 1,\n  \"b\": ,\n}", &error, &problem);
    QVERIFY(o.isEmpty());
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
    QCOMPARE(problem.line, 3);
    QVERIFY(problem.column >= 7 && problem.column <= 9);
    QVERIFY(error.message.contains(QStringLiteral("line 3")));
}

void tst_Validation::jsonMustBeObject()
{
    CosmosError error;
    parseJsonObject("[1,2]", &error);
    QCOMPARE(error.kind, CosmosError::Kind::InvalidInput);
    QVERIFY(error.message.contains(QStringLiteral("object")));
}

void tst_Validation::jsonOk()
{
    CosmosError error = CosmosError::invalidInput(QStringLiteral("stale"));
    const QJsonObject o = parseJsonObject(R"({"id":"x","n":[1,2]})", &error);
    QVERIFY(!error.isError());
    QCOMPARE(o.value(QStringLiteral("id")).toString(), QStringLiteral("x"));
}

void tst_Validation::item()
{
    QVERIFY(!validateItem(QJsonObject{{"id", "a"}}, 10).isError());
    QCOMPARE(validateItem(QJsonObject{{"x", 1}}, 10).kind, CosmosError::Kind::InvalidInput);
    QCOMPARE(validateItem(QJsonObject{{"id", 5}}, 10).kind, CosmosError::Kind::InvalidInput);
    QCOMPARE(validateItem(QJsonObject{{"id", "a/b"}}, 10).kind, CosmosError::Kind::InvalidInput);
    QVERIFY(!validateItem(QJsonObject{{"id", "a"}}, MaxItemBytes).isError());
    const CosmosError big = validateItem(QJsonObject{{"id", "a"}}, MaxItemBytes + 1);
    QCOMPARE(big.kind, CosmosError::Kind::InvalidInput);
    QVERIFY(big.message.contains(QStringLiteral("2 MB")));
}

QTEST_GUILESS_MAIN(tst_Validation)
#include "tst_validation.moc"
