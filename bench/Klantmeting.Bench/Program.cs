using Klantmeting.Bench;

// One subcommand per scenario of issue 7; each prints one JSON object (its figures) as the last line of stdout.
// bench/run.sh starts what the scenarios need (smtp-sink, the web host) and runs them all.
return args.FirstOrDefault() switch
{
    "import-raw" when args.Length == 3 => ImportScenario.Raw(args[1], args[2]),
    "dispatch" when args.Length == 4 => await DispatchScenario.ProductAsync(args[1], Bench.Int(args[2]), Bench.Int(args[3])),
    "dispatch-raw" when args.Length == 5 => await DispatchScenario.RawAsync(Bench.Int(args[1]), Bench.Int(args[2]), Bench.Int(args[3]), Bench.Int(args[4])),
    "render" when args.Length == 2 => await RenderScenario.RunAsync(Bench.Int(args[1])),
    "tokens" when args.Length == 5 => AnswerScenario.IssueTokens(args[1], args[2], Bench.Int(args[3]), args[4]),
    "answer" when args.Length is 4 or 5 => await AnswerScenario.RunAsync(args[1], args[2], Bench.Int(args[3]), args.Length == 5 ? args[4] : null),
    "answer-paced" when args.Length == 5 => await AnswerScenario.RunAsync(args[1], args[2], Bench.Int(args[3]), null, Bench.Int(args[4])),
    "results" when args.Length == 4 => await ResultsScenario.RunAsync(args[1], Bench.Int(args[2]), Bench.Int(args[3])),
    "results-round" when args.Length == 3 => await ResultsScenario.RunAsync(args[1], 0, 0, args[2]),
    "pages-setup" when args.Length == 4 => await PagesScenario.SetupAsync(args[1], Bench.Int(args[2]), Bench.Int(args[3])),
    "pages" when args.Length == 4 => await PagesScenario.RunAsync(args[1], Bench.Int(args[2]), Bench.Int(args[3])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage (see bench/README.md):
          import-raw DB CSV                              raw baseline of the participant import
          dispatch DB SMTP-PORT WORKERS                  InvitationDispatcher until nothing is due
          dispatch-raw SMTP-PORT COUNT CONNECTIONS BATCH MailKit baseline with pre-rendered messages
          render COUNT                                   only rendering COUNT invitation bodies
          tokens DB ROUND COUNT OUT                      known links for COUNT invitations (state Sent)
          answer BASE-URL TOKENS CONCURRENCY [STATIC]    simulated respondents over HTTP (+ static baseline)
          answer-paced BASE-URL TOKENS CONCURRENCY THINK-MS   the same, each respondent pausing THINK-MS per page
          results DB INVITATIONS RESPONSES               every cell vs one plain GROUP BY
          results-round DB ROUND                         the same for an existing round of DB
          pages-setup DB INVITATIONS RESPONSES           9 rounds of that size (8 closed) and two accounts
          pages BASE-URL USERS PASSES                    USERS signed-in users requesting every page PASSES times
        """);
    return 2;
}
