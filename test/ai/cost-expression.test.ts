import { Testing } from 'cdk8s';
import { AiGateway, AiModelRoute, LlmRequestCost } from '../../src';
import { costExpressionProblem } from '../../src/ai/cost-expression';

describe('CEL request cost expressions (the types the AI Gateway v1.1.0 compiles them with)', () => {
  // Compiled with the AI Gateway's llmcostcel environment (cel-go): these compile to an int or a uint.
  test.each([
    'input_tokens + output_tokens',
    'input_tokens / 10u + output_tokens * 6u',
    'uint(double(cached_input_tokens) * 0.1)',
    "model == 'llama' ? input_tokens + output_tokens * 4u : total_tokens",
    'input_tokens == uint(3) ? 100000000 : 0',
    '(total_tokens)',
    'size(model) > 3 ? total_tokens : 0u',
  ])('%s passes', expression => {
    expect(costExpressionProblem(expression)).toBeUndefined();
  });

  // The same environment refuses these ("no matching overload", "undeclared reference", "result is not an integer").
  test.each<[string, RegExp]>([
    ['input_tokens + 1', /applies \+ to a uint and a int \(input_tokens \+ 1\).*Write the literal 1 as 1u/],
    ['output_tokens * 6', /Write the literal 6 as 6u/],
    ['output_tokens * 0.5', /applies \* to a uint and a double.*uint\(double\(output_tokens\) \* 0.5\)/],
    ['input_tokens * 2u + cached_input_tokens * 0.1', /a uint and a double/],
    ["model == 'a' ? total_tokens : 0", /has branches of two types \(uint total_tokens, int 0\).*Write the literal 0 as 0u/],
    ['double(total_tokens) * 1.5', /evaluates to a double, and a cost must be an int or a uint/],
    ['tokens * 2u', /names 'tokens', which is no variable/],
    ['-total_tokens', /negates the uint total_tokens/],
    ['input_tokens > 5 ? 1u : 2u', /applies > to a uint and a int \(input_tokens > 5\).*Write the literal 5 as 5u/],
    ["model == 'a'", /evaluates to a bool/],
  ])('%s is refused', (expression, message) => {
    expect(costExpressionProblem(expression)).toMatch(message);
  });

  test('a route cost that would not compile fails at construction, naming the route and the key', () => {
    const chart = Testing.chart();
    const gateway = new AiGateway(chart, 'gateway', { name: 'llm', namespace: 'ai' });
    expect(() => new AiModelRoute(chart, 'models', { gateway, name: 'models', llmRequestCosts: [LlmRequestCost.cel('weighted', 'input_tokens + output_tokens * 4')] }))
      .toThrow(/AiModelRoute 'test\/models': llmRequestCosts 'weighted' CEL expression 'input_tokens \+ output_tokens \* 4' applies \* to a uint and a int/);
  });
});
