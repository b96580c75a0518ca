using ParityBuild.DbUp.MySql;

namespace ParityBuild.DbUp.Tests;

[TestClass]
public sealed class MySqlSplitTests
{
    [TestMethod]
    public void A_script_without_delimiter_lines_goes_to_the_server_whole()
    {
        var script = "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\n";

        CollectionAssert.AreEqual(new[] { "CREATE TABLE a (id int);\nCREATE TABLE b (id int);" }, MySqlConnectorConnectionManager.Split(script));
    }

    [TestMethod]
    public void Delimiter_lines_split_the_script_and_are_not_sent()
    {
        var script = "CREATE TABLE c (n int);\nDELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND //\ndelimiter ;\nCALL p();\n";

        CollectionAssert.AreEqual(
            new[] { "CREATE TABLE c (n int);", "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND", "CALL p();" },
            MySqlConnectorConnectionManager.Split(script));
    }

    [TestMethod]
    public void A_delimiter_inside_a_string_or_comment_ends_nothing()
    {
        var script = "DELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 'a //'; -- c //\n  # d //\nEND //\nDELIMITER ;\n";

        CollectionAssert.AreEqual(
            new[] { "CREATE PROCEDURE p()\nBEGIN\n  SELECT 'a //'; -- c //\n  # d //\nEND" },
            MySqlConnectorConnectionManager.Split(script));
    }

    [TestMethod]
    public void Executable_comments_reach_the_server_whole()
    {
        var script = "/*!40101 SET NAMES utf8mb4 */;\nDELIMITER ;;\n/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1 */;;\nDELIMITER ;\n";

        CollectionAssert.AreEqual(
            new[] { "/*!40101 SET NAMES utf8mb4 */;", "/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1 */" },
            MySqlConnectorConnectionManager.Split(script));
    }

    [TestMethod]
    public void A_dollar_delimiter_ends_a_procedure_and_a_dollar_inside_a_string_or_name_does_not()
    {
        var script = "DELIMITER $$\nCREATE PROCEDURE `p$$`()\nBEGIN\n  SELECT 'cost: $$5', \"$$\";\nEND$$\nCALL `p$$`()$$\nDELIMITER ;\nSELECT 1;\n";

        CollectionAssert.AreEqual(
            new[] { "CREATE PROCEDURE `p$$`()\nBEGIN\n  SELECT 'cost: $$5', \"$$\";\nEND", "CALL `p$$`()", "SELECT 1;" },
            MySqlConnectorConnectionManager.Split(script));
    }

    [TestMethod]
    public void A_CRLF_script_splits_at_its_delimiter_lines_as_an_LF_one_does()
    {
        var lf = "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\nDELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 'it\\'s ;;'; END ;;\nDELIMITER ;\n";

        var commands = MySqlConnectorConnectionManager.Split(lf.Replace("\n", "\r\n", StringComparison.Ordinal));

        CollectionAssert.AreEqual(MySqlConnectorConnectionManager.Split(lf), commands);
        CollectionAssert.AreEqual(
            new[] { "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;", "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 'it\\'s ;;'; END" },
            commands);
    }

    [TestMethod]
    public void A_delimiter_inside_an_executable_comment_or_a_block_comment_ends_nothing()
    {
        var script = "DELIMITER //\n/* a // b */ CREATE PROCEDURE p() /*!50003 COMMENT 'x // y' */ SELECT 1 //\nDELIMITER ;\n";

        CollectionAssert.AreEqual(
            new[] { "/* a // b */ CREATE PROCEDURE p() /*!50003 COMMENT 'x // y' */ SELECT 1" },
            MySqlConnectorConnectionManager.Split(script));
    }

    [TestMethod]
    public void An_empty_script_is_no_command() => Assert.AreEqual(0, MySqlConnectorConnectionManager.Split("\n  \n").Count);
}
